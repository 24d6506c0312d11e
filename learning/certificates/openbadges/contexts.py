"""An offline, allow-listed JSON-LD document loader for pyld.

RDF canonicalisation (what an eddsa-rdfc-2022 proof signs) resolves every ``@context`` URL a
credential names. Fetching them at run time would make a signature's meaning depend on what a
remote host serves that day, and would let a credential make the server fetch URLs of its
choosing (VC Data Integrity 1.0, "Validating Contexts" and "Network Requests"). So every context
is read from an installed, pinned PyPI package, checked against the SHA-256 recorded here, and
any other URL is refused: nothing here opens a socket.

Where each document comes from:

* ``openbadgeslib==4.6.3``, folder ``openbadgeslib/ob3/contexts/``: the W3C VC 2.0 context
  (byte-identical to ``contexts/credentials/v2`` in the w3c/vc-data-model repository), the Open
  Badges 3.0.1/3.0.2/3.0.3 contexts and 1EdTech's OB 3.0 extensions context, the Data
  Integrity v2 and Multikey v1 security contexts. The hashes are the ones that package records
  for its captures.
* ``PyLD==3.3.0``, folder ``pyld/documentloader/frozen/bundled/``: the DID 1.0 context.

The Bitstring Status List terms (``BitstringStatusListEntry``, ``statusPurpose``, ...) are
part of the VC 2.0 context, so they need no document of their own. ``https://w3id.org/did/v1``
is deliberately not an alias of the DID 1.0 context: w3id.org redirects it to an older W3C CCG
draft context with different definitions.
"""

import copy
import hashlib
import importlib.util
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from pyld.jsonld import JsonLdError

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3P0_301 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json"
OB_V3P0_302 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json"
OB_V3P0_303 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
OB_V3P0_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

# url -> (installed package, file inside it, SHA-256 of that file)
_SOURCES: dict[str, tuple[str, str, str]] = {
    VC_V2: (
        "openbadgeslib",
        "ob3/contexts/credentials-v2.json",
        "59955ced6697d61e03f2b2556febe5308ab16842846f5b586d7f1f7adec92734",
    ),
    OB_V3P0_301: (
        "openbadgeslib",
        "ob3/contexts/ob-v3p0-context-3.0.1.json",
        "5f3d9dd6288ef437ff8286cf95ffbff609c748a66f24a1e9450c45ca64be1571",
    ),
    OB_V3P0_302: (
        "openbadgeslib",
        "ob3/contexts/ob-v3p0-context-3.0.2.json",
        "00666ad080ba407687ed1846b7f5e7495f5019042b202a727de47c48a1755c53",
    ),
    OB_V3P0_303: (
        "openbadgeslib",
        "ob3/contexts/ob-v3p0-context-3.0.3.json",
        "3d34f4d4ef1bce691106e63798beb5e7b862ba841423f5ee1e53ab7ddf3bca84",
    ),
    OB_V3P0_EXTENSIONS: (
        "openbadgeslib",
        "ob3/contexts/ob-v3p0-extensions.json",
        "87c06c81bc2317663bf288d740d94fddd2818c4342b186270ff6371dfaa63f93",
    ),
    DATA_INTEGRITY_V2: (
        "openbadgeslib",
        "ob3/contexts/security-data-integrity-v2.json",
        "67f21e6e33a6c14e5ccfd2fc7865f7474fb71a04af7e94136cb399dfac8ae8f4",
    ),
    MULTIKEY_V1: (
        "openbadgeslib",
        "ob3/contexts/security-multikey-v1.json",
        "ba2c182de2d92f7e47184bcca8fcf0beaee6d3986c527bf664c195bbc7c58597",
    ),
    DID_V1: (
        "pyld",
        "documentloader/frozen/bundled/did-v1.jsonld",
        "62c1054bf404d6dd3a4b26b64f830fd72095f6a26edc4469908c94351352ce5f",
    ),
}

#: Every context URL this loader serves; any other URL is refused.
CONTEXT_URLS: tuple[str, ...] = tuple(_SOURCES)

_parsed: dict[str, dict[str, Any]] = {}

DocumentLoader = Callable[..., dict[str, Any]]


class UnknownContextError(JsonLdError):
    """A document named a JSON-LD context this loader does not hold (never fetched)."""

    def __init__(self, url: str):
        super().__init__(
            f"JSON-LD context {url!r} is not one of the contexts held offline; "
            "remote documents are never fetched",
            "jsonld.LoadDocumentError",
            {"url": url},
            code="loading document failed",
        )
        self.url = url


def _read(url: str) -> dict[str, Any]:
    """Read, hash-check and parse the installed copy of one held context."""
    package, relative, sha256 = _SOURCES[url]
    spec = importlib.util.find_spec(package)  # finds the package without importing it
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the package {package!r} holding {url} is not installed")
    raw = (Path(next(iter(spec.submodule_search_locations))) / relative).read_bytes()
    if hashlib.sha256(raw).hexdigest() != sha256:
        raise RuntimeError(
            f"the installed copy of {url} ({package}/{relative}) is not the pinned one; "
            "was the package upgraded? Check the new file and update its hash here."
        )
    return json.loads(raw)


def _remote_document(url: str, document: dict[str, Any]) -> dict[str, Any]:
    # A copy, so no caller (pyld included) can alter the cached document.
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(document)}


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    """pyld ``documentLoader``: serve a held context, raise ``UnknownContextError`` otherwise."""
    if url not in _SOURCES:
        raise UnknownContextError(url)
    if url not in _parsed:
        _parsed[url] = _read(url)
    return _remote_document(url, _parsed[url])


def extended_loader(extra: Mapping[str, dict[str, Any]]) -> DocumentLoader:
    """A loader that also serves ``extra`` ({url: parsed context document}), e.g. a test-only
    context; the held contexts cannot be overridden this way."""
    clash = set(extra) & set(_SOURCES)
    if clash:
        raise ValueError(f"cannot replace held contexts: {sorted(clash)}")
    extra = copy.deepcopy(dict(extra))

    def loader(url: str, options: Any = None) -> dict[str, Any]:
        if url in extra:
            return _remote_document(url, extra[url])
        return document_loader(url, options)

    return loader
