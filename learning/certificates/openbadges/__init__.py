"""Open Badges 3.0 credentials secured with a W3C Data Integrity proof (cryptosuite
eddsa-rdfc-2022): an offline JSON-LD context loader and the sign/verify functions."""
