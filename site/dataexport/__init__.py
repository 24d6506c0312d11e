"""A person's whole data: a ZIP of JSON, a README and a readable HTML copy, made in the
background for the person (from their account pages) or, for a subject access request, for a
programme admin. Plugins contribute their parts through the `camino_personal_data` hook."""
