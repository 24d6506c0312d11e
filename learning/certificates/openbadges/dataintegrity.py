"""Sign and verify W3C Verifiable Credentials with a Data Integrity proof, cryptosuite
``eddsa-rdfc-2022`` (Ed25519 over RDFC-1.0 canonical N-Quads), as Open Badges 3.0 allows.

Specifications, by the section titles used in the docstrings below:

* W3C "Data Integrity EdDSA Cryptosuites v1.0" (vc-di-eddsa), §2.1.1 Multikey, §2.2.1
  DataIntegrityProof, §3.2 eddsa-rdfc-2022 (3.2.1 Create Proof, 3.2.2 Verify Proof,
  3.2.3 Transformation, 3.2.4 Hashing, 3.2.5 Proof Configuration, 3.2.6 Proof Serialization,
  3.2.7 Proof Verification).
* W3C "Verifiable Credential Data Integrity 1.0" (vc-data-integrity), "Securing Data
  Losslessly": data a JSON-LD processor drops (undefined terms, relative IRIs) is not covered
  by the proof, so it MUST be an error (DATA_LOSS_DETECTION_ERROR), and the base IRI is null.
* W3C "Controlled Identifiers v1.0" (CID), Multibase and Multikey.
* W3C "RDF Dataset Canonicalization" (RDFC-1.0), which pyld implements under its earlier name
  URDNA2015, with the same output.

What a proof secures is the RDF dataset the JSON-LD expands to, not the JSON text; that is why
signing and verifying refuse documents that lose data on expansion (see
``expansion_drops_terms``). Trust is the caller's business: ``verify`` proves that the key the
resolver returns signed the document, and the resolver decides which keys to believe.
"""

import copy
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from pyld import jsonld
from pyld.context_resolver import ContextResolver

from .contexts import DocumentLoader, UnknownContextError, document_loader

PROOF_TYPE = "DataIntegrityProof"
CRYPTOSUITE = "eddsa-rdfc-2022"

# Multicodec headers (varint) of Multikey values, CID "Multikey": ed25519-pub 0xed,
# ed25519-priv 0x1300 (the header vc-di-eddsa's test-vector key pair uses).
_ED25519_PUB = b"\xed\x01"
_ED25519_PRIV = b"\x80\x26"

# --- base58btc (the alphabet of Bitcoin, multibase prefix "z") -------------------------------

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_B58_INDEX = {c: i for i, c in enumerate(_B58)}


def b58encode(data: bytes) -> str:
    """base58btc-encode ``data``; each leading zero byte becomes a leading '1'."""
    n = int.from_bytes(data, "big")
    out = ""
    while n:
        n, rem = divmod(n, 58)
        out = _B58[rem] + out
    return "1" * (len(data) - len(data.lstrip(b"\0"))) + out


def b58decode(text: str) -> bytes:
    """Decode base58btc; raises ValueError on a character outside the alphabet."""
    n = 0
    for char in text:
        if char not in _B58_INDEX:
            raise ValueError(f"{char!r} is not a base58btc character")
        n = n * 58 + _B58_INDEX[char]
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return b"\0" * (len(text) - len(text.lstrip("1"))) + body


def _multibase_decode(value: str, header: bytes, what: str) -> bytes:
    if not isinstance(value, str) or not value.startswith("z") or len(value) > 100:
        raise ValueError(f"{what} must be a base58btc multibase string starting with 'z'")
    raw = b58decode(value[1:])
    if not raw.startswith(header) or len(raw) != len(header) + 32:
        raise ValueError(f"{what} is not an Ed25519 Multikey (header 0x{header.hex()})")
    return raw[len(header) :]


# --- Multikey (vc-di-eddsa §2.1.1) ------------------------------------------------------------


def public_key_multibase(public_key: Ed25519PublicKey) -> str:
    """``publicKeyMultibase``: 'z' + base58btc(0xed 0x01 + 32-byte public key)."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    return "z" + b58encode(_ED25519_PUB + raw)


def public_key_from_multibase(value: str) -> Ed25519PublicKey:
    """Parse a ``publicKeyMultibase``; ValueError unless it is an Ed25519 Multikey."""
    return Ed25519PublicKey.from_public_bytes(
        _multibase_decode(value, _ED25519_PUB, "publicKeyMultibase")
    )


def secret_key_multibase(private_key: Ed25519PrivateKey) -> str:
    """``secretKeyMultibase``: 'z' + base58btc(0x80 0x26 + 32-byte seed). Keep it secret."""
    raw = private_key.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return "z" + b58encode(_ED25519_PRIV + raw)


def secret_key_from_multibase(value: str) -> Ed25519PrivateKey:
    """Parse a ``secretKeyMultibase``; ValueError unless it is an Ed25519 secret Multikey."""
    return Ed25519PrivateKey.from_private_bytes(
        _multibase_decode(value, _ED25519_PRIV, "secretKeyMultibase")
    )


def did_key_resolver(verification_method: str) -> Ed25519PublicKey:
    """Resolve an Ed25519 ``did:key:z6Mk…#z6Mk…`` verification method offline.

    A did:key is self-certifying: it proves that the holder of that key signed, not who that
    is. Use a resolver that only answers for trusted issuer keys when that matters.
    """
    did, _, fragment = verification_method.partition("#")
    if not did.startswith("did:key:"):
        raise ValueError(f"{verification_method!r} is not a did:key verification method")
    identifier = did.removeprefix("did:key:")
    if fragment and fragment != identifier:
        raise ValueError(f"{verification_method!r}: the fragment must repeat the key")
    return public_key_from_multibase(identifier)


# --- transformation: safe-mode RDFC-1.0 (vc-di-eddsa §3.2.3, §3.2.5) ---------------------------

_ABSOLUTE_IRI = re.compile(r"^(?:[A-Za-z][A-Za-z0-9+.\-]*:|_:)")


class DataLossError(ValueError):
    """JSON-LD processing would drop data, which the proof would then not cover."""

    def __init__(self, lost: list[str]):
        super().__init__(
            "these terms or IRIs are not defined by the document's @context, so a proof "
            f"would not cover them: {', '.join(lost)}"
        )
        self.lost = lost


def _options(loader: DocumentLoader) -> dict[str, Any]:
    # A resolver with a cache of its own: pyld's process-wide one could otherwise serve a
    # context that another loader put there under the same URL.
    return {
        "documentLoader": loader,
        "contextResolver": ContextResolver({}, loader),
        "base": None,
    }


def _relative_iris(node: Any, found: list[str]) -> None:
    """Collect ``@id``/``@type`` values of expanded JSON-LD that are not absolute IRIs;
    conversion to RDF drops them (jsonld.js's safe mode reports them too)."""
    if isinstance(node, list):
        for item in node:
            _relative_iris(item, found)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("@id", "@type"):
                for iri in value if isinstance(value, list) else [value]:
                    if isinstance(iri, str) and not iri.startswith("@"):
                        if not _ABSOLUTE_IRI.match(iri):
                            found.append(iri)
            elif key != "@value":
                _relative_iris(value, found)


def expansion_drops_terms(
    document: dict[str, Any], loader: DocumentLoader = document_loader
) -> list[str]:
    """Names in ``document`` that JSON-LD expansion drops, sorted: keys (at any depth) that no
    context in scope defines, plus ``type``/``id`` values that are not absolute IRIs (an
    undefined type name, a relative id). Empty means nothing would go unsigned.

    This is the "safe mode" check of VC Data Integrity "Securing Data Losslessly", and what
    1EdTech's validator reports as undefined terms. pyld 3.3 has no ``safeMode`` option, so it
    uses pyld's ``on_property_dropped`` hook and a walk over the expanded output. Raises
    ``UnknownContextError`` (a pyld ``JsonLdError``) for a context that is not held.
    """
    dropped: list[str] = []
    processor = jsonld.JsonLdProcessor(
        on_property_dropped=lambda iri: dropped.append(iri or "(a term defined as null)")
    )
    expanded = processor.expand(copy.deepcopy(document), _options(loader))
    _relative_iris(expanded, dropped)
    return sorted(set(dropped))


def canonical_nquads(document: dict[str, Any], loader: DocumentLoader = document_loader) -> str:
    """RDFC-1.0 canonical N-Quads of ``document`` (vc-di-eddsa §3.2.3 Transformation), refusing
    with ``DataLossError`` anything expansion would drop."""
    lost = expansion_drops_terms(document, loader)
    if lost:
        raise DataLossError(lost)
    options = _options(loader) | {"algorithm": "URDNA2015", "format": "application/n-quads"}
    return jsonld.normalize(copy.deepcopy(document), cast(jsonld.NormalizeOptions, options))


def _hash_data(
    unsecured: dict[str, Any], proof_options: dict[str, Any], loader: DocumentLoader
) -> bytes:
    """hashData = SHA-256(canonical proof config) || SHA-256(canonical document), vc-di-eddsa
    §3.2.4 Hashing; the proof config is the proof options with the document's ``@context``
    (§3.2.5 Proof Configuration)."""
    if proof_options.get("type") != PROOF_TYPE or proof_options.get("cryptosuite") != CRYPTOSUITE:
        raise ValueError(f"the proof is not a {PROOF_TYPE} with cryptosuite {CRYPTOSUITE}")
    created = proof_options.get("created")
    if created is not None and not _is_xsd_datetime(created):
        raise ValueError(f"proof created {created!r} is not an XML Schema dateTime")
    config = {k: v for k, v in proof_options.items() if k != "proofValue"}
    config["@context"] = unsecured.get("@context")
    config_hash = hashlib.sha256(canonical_nquads(config, loader).encode("utf-8")).digest()
    document_hash = hashlib.sha256(canonical_nquads(unsecured, loader).encode("utf-8")).digest()
    return config_hash + document_hash


_XSD_DATETIME = re.compile(r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _is_xsd_datetime(value: Any) -> bool:
    if not isinstance(value, str) or not _XSD_DATETIME.match(value):
        return False
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


# --- create and verify (vc-di-eddsa §3.2.1, §3.2.2) ------------------------------------------


def sign(
    document: dict[str, Any],
    private_key: Ed25519PrivateKey,
    verification_method: str,
    created: str | None = None,
    proof_purpose: str = "assertionMethod",
    *,
    loader: DocumentLoader = document_loader,
) -> dict[str, Any]:
    """Return a copy of ``document`` with an eddsa-rdfc-2022 ``proof`` (vc-di-eddsa §3.2.1
    Create Proof; proofValue per §3.2.6 Proof Serialization: 'z' + base58btc(64-byte Ed25519
    signature of hashData)).

    ``created`` defaults to now, in UTC, to the second. Raises ``DataLossError`` if the
    document has terms its contexts do not define, ``UnknownContextError`` for a context that
    is not held, and ValueError if it already carries a proof.
    """
    if "proof" in document:
        raise ValueError("the document already has a proof; proof sets are not supported")
    if created is None:
        created = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    proof = {
        "type": PROOF_TYPE,
        "cryptosuite": CRYPTOSUITE,
        "created": created,
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    unsecured = copy.deepcopy(document)
    signature = private_key.sign(_hash_data(unsecured, proof, loader))
    return unsecured | {"proof": proof | {"proofValue": "z" + b58encode(signature)}}


@dataclass
class VerificationResult:
    """The outcome of ``verify``; ``errors`` says in plain English why it failed."""

    verified: bool
    errors: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.verified


def _fail(message: str) -> VerificationResult:
    return VerificationResult(False, [message])


def verify(
    document: dict[str, Any],
    public_key_resolver: Callable[[str], object],
    *,
    expected_proof_purpose: str = "assertionMethod",
    loader: DocumentLoader = document_loader,
) -> VerificationResult:
    """Verify the eddsa-rdfc-2022 proof of ``document`` (VC Data Integrity "Verify Proof" and
    vc-di-eddsa §3.2.2 Verify Proof, §3.2.7 Proof Verification).

    ``public_key_resolver`` maps the proof's ``verificationMethod`` to an Ed25519 public key
    (e.g. ``did_key_resolver``, or a lookup of the issuer's own keys); if it raises, or gives
    anything but an Ed25519 public key (so it is typed ``object``), the proof fails. Never
    raises for a bad document or proof: returns ``verified=False`` with a reason.
    """
    if not isinstance(document, dict) or not isinstance(document.get("proof"), dict):
        return _fail("The document has no proof, or more than one (proof sets are unsupported).")
    proof = document["proof"]
    if proof.get("type") != PROOF_TYPE or proof.get("cryptosuite") != CRYPTOSUITE:
        return _fail(
            f"The proof is of type {proof.get('type')!r} with cryptosuite "
            f"{proof.get('cryptosuite')!r}; only {PROOF_TYPE} {CRYPTOSUITE} is supported."
        )
    if proof.get("proofPurpose") != expected_proof_purpose:
        return _fail(
            f"The proof's purpose is {proof.get('proofPurpose')!r}, not {expected_proof_purpose!r}."
        )
    method = proof.get("verificationMethod")
    if not isinstance(method, str) or not method:
        return _fail("The proof does not name its verification method.")
    proof_value = proof.get("proofValue")
    try:
        # 64 bytes are at most 88 base58 characters; the bound keeps decoding cheap.
        if not isinstance(proof_value, str) or not proof_value.startswith("z"):
            raise ValueError
        if len(proof_value) > 100:
            raise ValueError
        signature = b58decode(proof_value[1:])
    except ValueError:
        signature = b""
    if len(signature) != 64:
        return _fail("The proofValue is not a base58btc-encoded 64-byte Ed25519 signature.")
    try:
        public_key = public_key_resolver(method)
    except Exception as exc:  # any resolver failure means no trusted key
        return _fail(f"The verification method {method!r} could not be resolved: {exc}")
    if not isinstance(public_key, Ed25519PublicKey):
        return _fail(f"The verification method {method!r} is not an Ed25519 key.")

    unsecured = {k: v for k, v in document.items() if k != "proof"}
    try:
        hash_data = _hash_data(unsecured, proof, loader)
    except DataLossError as exc:
        return _fail(f"The credential cannot be verified safely: {exc}.")
    except Exception as exc:
        return _fail(f"The credential could not be checked: {_explain(exc)}")
    try:
        public_key.verify(signature, hash_data)
    except InvalidSignature:
        return _fail(
            "The signature does not match: the credential was changed after signing, "
            "or it was signed with a different key."
        )
    return VerificationResult(True)


def _explain(exc: Exception) -> str:
    """A short reason why hashing failed, naming the unknown context if that was it."""
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, UnknownContextError):
            return f"it uses the JSON-LD context {cause.url}, which is not held offline."
        cause = cause.__cause__
    if isinstance(exc, jsonld.JsonLdError):
        return f"{exc.args[0] if exc.args else exc} ({exc.code or exc.type})"
    return str(exc)
