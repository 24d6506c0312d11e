"""Every certificate is also an Open Badges 3.0 `OpenBadgeCredential` (a W3C Verifiable
Credential 2.0), signed with a Data Integrity proof (`eddsa-rdfc-2022`, Ed25519) by the
issuer `did:web:<host of SITE_URL>`, and revocable through a W3C Bitstring Status List.

What this module decides:

- **Frozen at issue.** `credential_prepare` builds the whole credential from the certificate's
  frozen facts (and the issuer profile, course summary and framework links as they are at that
  moment) when the certificate is issued; the background task only adds the proof. Nothing in
  a credential changes afterwards: a name correction or a new design makes a new certificate
  and a new credential, and the old one is revoked.
- **The holder** is named as on the certificate, and identified by a salted SHA-256 hash of
  their email address (`IdentityObject`, `hashed: true`), so an employer who knows the address
  can check it and nobody else learns it.
- **Keys.** Production reads the Ed25519 key from `CREDENTIALS_SIGNING_KEY` (a multibase
  secret key, as `manage.py credentials_key` prints) and refuses to start without a valid one
  (camino.settings.production). Development makes one under `var/` on first use. The public
  half of every key that has signed stays in `SigningKey` and in the DID document, so
  rotating the key leaves old credentials verifiable.
- **Revocation.** Each credential has a random unused index in a status list of 131,072 bits
  (a new list is started when one is half used, so a random free index is found at once).
  Revoking or replacing a certificate sets its bit and re-signs the list, inside the same
  transaction; the signed list is stored and served as it is, never rebuilt per request.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import os
import secrets
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.utils import timezone

from learning.certificates.models import (
    Certificate,
    Credential,
    IssuerProfile,
    SigningKey,
    StatusList,
)
from learning.certificates.openbadges import dataintegrity
from learning.certificates.openbadges.dataintegrity import (
    public_key_from_multibase,
    public_key_multibase,
    secret_key_from_multibase,
    secret_key_multibase,
)

VC_CONTEXT = "https://www.w3.org/ns/credentials/v2"
OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DID_CONTEXTS = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
KEY_FILE = "credentials-signing-key"
SIGNING_KEY_SETTING = "CREDENTIALS_SIGNING_KEY"


class CredentialKeyError(Exception):
    """The signing key is missing or malformed; the message names the variable."""


# --- who signs -------------------------------------------------------------------------------


def site_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def issuer_did() -> str:
    """`did:web` for the host (and port) of SITE_URL; its document is /.well-known/did.json."""
    parts = urlsplit(site_url())
    host = (parts.hostname or "localhost").lower()
    return "did:web:" + quote(f"{host}:{parts.port}" if parts.port else host, safe="")


def signing_key_parse(value: str) -> Ed25519PrivateKey:
    """The key from CREDENTIALS_SIGNING_KEY, or CredentialKeyError naming the variable."""
    try:
        return secret_key_from_multibase(value.strip())
    except (ValueError, TypeError) as exc:
        raise CredentialKeyError(
            f"The environment variable {SIGNING_KEY_SETTING} is not a valid Ed25519 key "
            f"(a multibase secret key starting 'z3u2'; `manage.py credentials_key` makes one): "
            f"{exc}"
        ) from None


_loaded: dict[str, Ed25519PrivateKey] = {}


def _development_key_file() -> Path:
    path = Path(settings.VAR_DIR) / KEY_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secret_key_multibase(Ed25519PrivateKey.generate()) + "\n")
    return path


def private_key() -> Ed25519PrivateKey:
    """The current signing key: CREDENTIALS_SIGNING_KEY, or in development var/'s own."""
    configured = (getattr(settings, SIGNING_KEY_SETTING, "") or "").strip()
    if not configured:  # production never gets here: its settings refuse to start without it
        configured = _development_key_file().read_text().strip()
    if configured not in _loaded:
        _loaded[configured] = signing_key_parse(configured)
    return _loaded[configured]


def current_signing_key() -> tuple[Ed25519PrivateKey, SigningKey]:
    key = private_key()
    row, _ = SigningKey.objects.get_or_create(
        public_key_multibase=public_key_multibase(key.public_key())
    )
    return key, row


def verification_method(row: SigningKey) -> str:
    return f"{issuer_did()}#{row.public_key_multibase}"


def did_document() -> dict:
    """The issuer's DID document: every key that has signed (and the current one) as a
    Multikey verification method allowed to assert credentials."""
    _, current = current_signing_key()
    did = issuer_did()
    methods = [
        {
            "id": f"{did}#{key}",
            "type": "Multikey",
            "controller": did,
            "publicKeyMultibase": key,
        }
        for key in SigningKey.objects.values_list("public_key_multibase", flat=True)
    ]
    return {
        "@context": DID_CONTEXTS,
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def _published_key(method: str):
    """Resolve one of our own verification methods to its public key (our DID only)."""
    did, _, fragment = method.partition("#")
    if did != issuer_did() or not SigningKey.objects.filter(public_key_multibase=fragment):
        raise LookupError("not one of this issuer's published keys")
    return public_key_from_multibase(fragment)


def _timestamp(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- status lists ------------------------------------------------------------------------------


def status_list_url(status_list: StatusList) -> str:
    return f"{site_url()}/credentials/status/{status_list.pk}/"


def encode_bits(bits: bytes | memoryview) -> str:
    """Bitstring Status List 'encodedList': multibase base64url (no padding) of GZIP."""
    packed = gzip.compress(bytes(bits), mtime=0)
    return "u" + base64.urlsafe_b64encode(packed).decode().rstrip("=")


def decode_bits(encoded: str) -> bytes:
    body = encoded[1:] if encoded.startswith("u") else encoded
    return gzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))


def _status_list_sign(status_list: StatusList) -> None:
    url = status_list_url(status_list)
    key, row = current_signing_key()
    unsigned = {
        "@context": [VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer_did(),
        "validFrom": _timestamp(timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": "revocation",
            "encodedList": encode_bits(status_list.bits),
        },
    }
    status_list.document = dataintegrity.sign(unsigned, key, verification_method(row))
    status_list.save(update_fields=["bits", "document", "updated_at"])


def _status_list_with_room() -> StatusList:
    """The newest list while it is less than half used, else a new one."""
    newest = StatusList.objects.order_by("-id").first()
    if newest is not None:
        used = Credential.objects.filter(status_list=newest).count()
        if used < StatusList.SIZE // 2:
            return newest
    with transaction.atomic():
        created = StatusList.objects.create(bits=bytes(StatusList.SIZE // 8))
        _status_list_sign(created)
    return created


def _bit_set(credential: Credential) -> None:
    """Set the credential's bit (1 = revoked) and re-sign its list, under the list's row lock."""
    with transaction.atomic():
        status_list = StatusList.objects.select_for_update().get(pk=credential.status_list_id)
        bits = bytearray(bytes(status_list.bits))
        mask = 0x80 >> (credential.status_index % 8)
        if bits[credential.status_index // 8] & mask:
            return
        bits[credential.status_index // 8] |= mask
        status_list.bits = bytes(bits)
        _status_list_sign(status_list)
        cache.delete(_checked_key(credential))


# --- credentials -------------------------------------------------------------------------------


def credential_url(certificate: Certificate) -> str:
    return f"{site_url()}/certificates/{certificate.display_code}/credential/"


def _data_uri_of_static(path: str) -> str:
    found = finders.find(path)
    if not isinstance(found, str):
        raise FileNotFoundError(f"No static file {path}")
    data = Path(found).read_bytes()
    return "data:image/png;base64," + base64.b64encode(data).decode()


def _issuer_profile() -> dict:
    profile = IssuerProfile.load()
    issuer = {
        "id": issuer_did(),
        "type": ["Profile"],
        "name": profile.name or "Camino",
        "url": profile.url or site_url() + "/",
        "email": profile.email or settings.DEFAULT_FROM_EMAIL.rpartition("<")[2].strip(">"),
    }
    if profile.image_id:
        rendition = profile.image.get_rendition("fill-200x200|format-png")
        with rendition.file.open("rb") as handle:
            issuer["image"] = {
                "id": "data:image/png;base64," + base64.b64encode(handle.read()).decode(),
                "type": "Image",
            }
    return issuer


def _criteria(course) -> str:
    stages = "learn, do, reflect and share" if course.share_required else "learn, do and reflect"
    share = (
        ""
        if course.share_required
        else " Sharing a reflection with their cohort is encouraged but not required."
    )
    return (
        f"Completed every required module of {course.title} on Camino. In each module the "
        f"learner worked through its stages ({stages}): learning the material, putting it into "
        f"practice, and reflecting on it in their journal.{share}"
    )


def _alignments(certificate: Certificate, target_url: str) -> list[dict]:
    alignments = []
    for number, theme in enumerate(certificate.themes, start=1):
        alignments.append(
            {
                "type": ["Alignment"],
                "targetType": "ext:FrameworkTheme",
                "targetName": theme["name"],
                "targetFramework": certificate.framework_name,
                "targetUrl": f"{target_url}#theme-{number}",
            }
        )
        for capability in theme["capabilities"]:
            alignments.append(
                {
                    "type": ["Alignment"],
                    "targetType": "ceasn:Competency",
                    "targetName": capability["statement"],
                    "targetCode": capability["code"],
                    "targetDescription": f"{theme['name']}: {capability['statement']}",
                    "targetFramework": certificate.framework_name,
                    "targetUrl": f"{target_url}#{quote(capability['code'], safe='')}",
                }
            )
    return alignments


def _identifier(value: str, identity_type: str = "emailAddress") -> dict:
    """A salted SHA-256 of the holder's email address (Open Badges 3.0 IdentityObject)."""
    salt = secrets.token_hex(16)
    digest = hashlib.sha256((value.strip().lower() + salt).encode()).hexdigest()
    return {
        "type": "IdentityObject",
        "identityHash": f"sha256${digest}",
        "identityType": identity_type,
        "hashed": True,
        "salt": salt,
    }


def credential_document(certificate: Certificate, status_list: StatusList, index: int) -> dict:
    """The unsigned OpenBadgeCredential for a certificate (Open Badges 3.0 §B.1)."""
    course = certificate.course
    framework = course.framework if course is not None else None
    # The course page on SITE_URL (the Wagtail site's own host name may be a placeholder).
    course_path = urlsplit(course.get_url() or "/").path if course is not None else "/"
    course_url = site_url() + course_path
    target_url = (framework.source_url if framework is not None else "") or course_url
    achievement = {
        "id": course_url,
        "type": ["Achievement"],
        "achievementType": "CertificateOfCompletion",
        "name": certificate.course_title,
        "description": (course.summary if course is not None else "") or certificate.course_title,
        "criteria": {"narrative": _criteria(course)} if course is not None else {"narrative": ""},
        "image": {
            "id": _data_uri_of_static("certificates/badge.png"),
            "type": "Image",
            "caption": f"{certificate.course_title} badge",
        },
        "alignment": _alignments(certificate, target_url),
    }
    if not achievement["alignment"]:
        del achievement["alignment"]
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "name": certificate.holder_name,
        "achievement": achievement,
    }
    if certificate.user is not None and certificate.user.email:
        subject["identifier"] = [_identifier(certificate.user.email)]
    else:  # an account deleted before its credential was made: the spec needs an identifier
        subject["identifier"] = [_identifier(certificate.holder_name, "name")]
    list_url = status_list_url(status_list)
    return {
        "@context": [VC_CONTEXT, OB_CONTEXT],
        "id": credential_url(certificate),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": _issuer_profile(),
        "validFrom": _timestamp(certificate.issued_at),
        "name": f"{certificate.course_title} (certificate of completion)",
        "credentialSubject": subject,
        "credentialStatus": {
            "id": f"{list_url}#{index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": str(index),
            "statusListCredential": list_url,
        },
    }


def credential_prepare(certificate: Certificate) -> Credential:
    """Give the certificate its (unsigned) credential and a random unused status bit; the
    signature is added in the background (credential_sign). Safe to call twice."""
    existing = Credential.objects.filter(certificate=certificate).first()
    if existing is not None:
        return existing
    status_list = _status_list_with_room()
    for _ in range(50):
        index = secrets.randbelow(StatusList.SIZE)
        try:
            with transaction.atomic():
                return Credential.objects.create(
                    certificate=certificate,
                    document=credential_document(certificate, status_list, index),
                    status_list=status_list,
                    status_index=index,
                )
        except IntegrityError:
            existing = Credential.objects.filter(certificate=certificate).first()
            if existing is not None:
                return existing
    raise RuntimeError("no free status list index after 50 tries")  # pragma: no cover


def credential_sign(credential: Credential) -> Credential:
    """Add the proof, once; the stored document is what every download serves."""
    if credential.signed_at is not None:
        return credential
    with transaction.atomic():
        credential = Credential.objects.select_for_update().get(pk=credential.pk)
        if credential.signed_at is not None:
            return credential
        key, row = current_signing_key()
        credential.document = dataintegrity.sign(credential.document, key, verification_method(row))
        credential.signing_key = row
        credential.signed_at = timezone.now()
        credential.save(update_fields=["document", "signing_key", "signed_at"])
    return credential


def credential_for(certificate: Certificate) -> Credential:
    """The certificate's signed credential, made now if the background has not done it yet
    (as the PDF is), and revoked if the certificate is no longer valid."""
    credential = credential_sign(credential_prepare(certificate))
    if certificate.status != Certificate.Status.VALID:
        credential_revoke(certificate)
    return credential


def credential_revoke(certificate: Certificate) -> None:
    """Set the certificate's status bit (revoked or replaced): verifiers then report it
    revoked. A certificate issued before credentials existed gets one, revoked."""
    credential = credential_prepare(certificate)
    _bit_set(credential)


# --- checking, for the verification page --------------------------------------------------------


@dataclass(frozen=True)
class Check:
    signature: bool
    revoked: bool
    issuer: str


def _checked_key(credential: Credential) -> str:
    return f"camino:credential-signature:{credential.pk}"


def credential_check(credential: Credential) -> Check:
    """Check the stored credential as a verifier would: its proof against the issuer's
    published keys, and its bit in the signed status list. The signature result is cached
    (the document never changes); the bit is read each time."""
    key = _checked_key(credential)
    signature = cache.get(key)
    if signature is None:
        signature = dataintegrity.verify(credential.document, _published_key).verified
        cache.set(key, signature, 60 * 60 * 24)
    status_list = credential.status_list
    revoked = status_list.bit(credential.status_index)
    listed = status_list.document or {}
    encoded = listed.get("credentialSubject", {}).get("encodedList", "")
    signed_bits_agree = bool(encoded) and decode_bits(encoded) == bytes(status_list.bits)
    issuer = credential.document.get("issuer", {}).get("name", "")
    return Check(signature=bool(signature) and signed_bits_agree, revoked=revoked, issuer=issuer)
