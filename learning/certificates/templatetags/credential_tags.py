"""The learner's wallet block: the credential's address and a QR code a wallet can scan."""

from django import template
from django.conf import settings

register = template.Library()


@register.inclusion_tag("certificates/includes_wallet.html", takes_context=True)
def credential_wallet(context, certificate):
    """Shown to the holder only (My learning, the completion page, their certificate page)."""
    if not settings.CREDENTIALS_ENABLED:
        return {"enabled": False}
    from learning.certificates.credentials import credential_url
    from learning.certificates.pdf import qr_data_uri

    url = credential_url(certificate)
    return {"enabled": True, "certificate": certificate, "url": url, "qr": qr_data_uri(url)}
