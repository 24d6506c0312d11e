"""Data Integrity proofs (eddsa-rdfc-2022) for Open Badges 3.0 credentials: the W3C test
vector reproduced byte for byte, tampering and wrong keys rejected, non-Latin names kept, the
offline context loader, the undefined-term check, and a cross-check with openbadgeslib's own
verifier. No database."""

import copy
import hashlib
import json
import socket
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from pyld.jsonld import JsonLdError

from learning.certificates.openbadges import dataintegrity as di
from learning.certificates.openbadges.contexts import (
    CONTEXT_URLS,
    OB_V3P0_303,
    VC_V2,
    UnknownContextError,
    document_loader,
    extended_loader,
)

VECTORS = Path(__file__).parent / "vectors"
EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
# The spec's vectors use the W3C examples context, which only the tests need.
LOADER = extended_loader(
    {EXAMPLES_V2: json.loads((VECTORS / "credentials-examples-v2.jsonld").read_text())}
)

SPEC_KEY = "z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"
SPEC_VM = f"did:key:{SPEC_KEY}#{SPEC_KEY}"
SPEC_CREATED = "2023-02-24T23:36:38Z"
SPEC_PROOF_VALUE = (
    "z2YwC8z3ap7yx1nZYCg4L3j3ApHsF8kgPdSb5xoS1VR7vPG3F561B52hYnQF9iseabecm3ijx4K1FBTQsCZahKZme"
)


def vector(name):
    return json.loads((VECTORS / name).read_text(encoding="utf-8"))


def spec_secret_key():
    return di.secret_key_from_multibase(vector("key-pair.json")["privateKeyMultibase"])


def new_issuer():
    """A fresh Ed25519 key and its did:key verification method."""
    key = Ed25519PrivateKey.generate()
    multibase = di.public_key_multibase(key.public_key())
    return key, f"did:key:{multibase}#{multibase}"


def ob3_credential(issuer_vm, learner_name="Amara Okafor"):
    did = issuer_vm.partition("#")[0]
    return {
        "@context": [VC_V2, OB_V3P0_303],
        "id": "urn:uuid:8f1c2f6e-5a7b-4c1e-9d3a-1b2c3d4e5f60",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Camino"},
        "validFrom": "2024-05-01T09:00:00Z",
        "name": "Leadership in personalised care",
        "credentialSubject": {
            "id": "urn:uuid:0d5a2b9e-1c3f-4e6a-8b7d-9f0e1a2b3c4d",
            "type": ["AchievementSubject"],
            "identifier": [
                {
                    "type": "IdentityObject",
                    "identityType": "name",
                    "hashed": False,
                    "identityHash": learner_name,
                }
            ],
            "achievement": {
                "id": "https://camino.example/achievements/leadership",
                "type": ["Achievement"],
                "name": "Leadership in personalised care",
                "description": "Completed every module of the course.",
                "criteria": {"narrative": "Learn, do and reflect in each module."},
            },
        },
    }


# --- the W3C vc-di-eddsa test vector (appendix "Representation: eddsa-rdfc-2022") ------------


def test_spec_key_pair_round_trips_through_multikey():
    key = spec_secret_key()
    assert di.public_key_multibase(key.public_key()) == SPEC_KEY
    assert di.secret_key_multibase(key) == vector("key-pair.json")["privateKeyMultibase"]
    assert di.did_key_resolver(SPEC_VM) == di.public_key_from_multibase(SPEC_KEY)


def test_spec_vector_canonical_forms_and_hash_data():
    unsigned = vector("alumni-unsigned.json")
    assert di.canonical_nquads(unsigned, LOADER) == (
        VECTORS / "alumni-canonical-document.nq"
    ).read_text(encoding="utf-8")

    proof_config = {
        "type": "DataIntegrityProof",
        "cryptosuite": "eddsa-rdfc-2022",
        "created": SPEC_CREATED,
        "verificationMethod": SPEC_VM,
        "proofPurpose": "assertionMethod",
        "@context": unsigned["@context"],
    }
    canonical_config = di.canonical_nquads(proof_config, LOADER)
    assert canonical_config == (VECTORS / "alumni-canonical-proof-config.nq").read_text()

    hash_data = (
        hashlib.sha256(canonical_config.encode()).digest()
        + hashlib.sha256(di.canonical_nquads(unsigned, LOADER).encode()).digest()
    )
    assert hash_data.hex() == (VECTORS / "alumni-hash-data.hex").read_text().strip()


def test_sign_reproduces_the_spec_proof_value():
    signed = di.sign(
        vector("alumni-unsigned.json"), spec_secret_key(), SPEC_VM, SPEC_CREATED, loader=LOADER
    )
    assert signed["proof"]["proofValue"] == SPEC_PROOF_VALUE
    assert signed == vector("alumni-signed-eddsa-rdfc-2022.json")


def test_verify_accepts_the_spec_signed_credential():
    result = di.verify(
        vector("alumni-signed-eddsa-rdfc-2022.json"), di.did_key_resolver, loader=LOADER
    )
    assert result.verified, result.errors
    assert result.errors == []


@pytest.mark.parametrize(
    "tamper",
    [
        lambda d: d["credentialSubject"].update(alumniOf="The School of Exampled"),
        lambda d: d["credentialSubject"].update(id="did:example:abcdefgi"),
        lambda d: d.update(validFrom="2023-01-02T00:00:00Z"),
        lambda d: d["proof"].update(created="2023-02-24T23:36:39Z"),
    ],
    ids=["subject-value", "subject-id", "validFrom", "proof-created"],
)
def test_one_character_change_fails(tamper):
    signed = vector("alumni-signed-eddsa-rdfc-2022.json")
    tamper(signed)
    result = di.verify(signed, di.did_key_resolver, loader=LOADER)
    assert not result.verified
    assert "signature does not match" in result.errors[0]


def test_a_different_key_fails():
    other = Ed25519PrivateKey.generate().public_key()
    result = di.verify(
        vector("alumni-signed-eddsa-rdfc-2022.json"), lambda vm: other, loader=LOADER
    )
    assert not result.verified
    assert "signature does not match" in result.errors[0]


def test_bad_proofs_fail_without_raising():
    signed = vector("alumni-signed-eddsa-rdfc-2022.json")
    cases = {
        "proofPurpose": dict(signed["proof"], proofPurpose="authentication"),
        "cryptosuite": dict(signed["proof"], cryptosuite="eddsa-jcs-2022"),
        "proofValue": dict(signed["proof"], proofValue="z0OIl"),
        "short proofValue": dict(signed["proof"], proofValue="z2YwC8"),
        "created": dict(signed["proof"], created="yesterday"),
        "verificationMethod": dict(signed["proof"], verificationMethod="did:web:x.example#k"),
    }
    for field_name, proof in cases.items():
        result = di.verify(dict(signed, proof=proof), di.did_key_resolver, loader=LOADER)
        assert not result.verified, field_name
        assert result.errors and isinstance(result.errors[0], str), field_name
    assert not di.verify({"no": "proof"}, di.did_key_resolver)
    assert not di.verify(dict(signed, proof=[signed["proof"]]), di.did_key_resolver)


# --- Open Badges 3.0 credentials ------------------------------------------------------------


def test_ob3_credential_signs_and_verifies():
    key, vm = new_issuer()
    signed = di.sign(ob3_credential(vm), key, vm)
    assert signed["proof"]["proofValue"].startswith("z")
    assert di.verify(signed, di.did_key_resolver).verified

    signed["credentialSubject"]["achievement"]["name"] = "Leadership in personalised carE"
    assert not di.verify(signed, di.did_key_resolver).verified


@pytest.mark.parametrize("name", ["Zoë Ó Dúnlaing", "محمد الأحمد", "张伟", "Ἀθηνᾶ"])
def test_non_latin_names_survive_sign_json_round_trip_verify(name):
    key, vm = new_issuer()
    signed = di.sign(ob3_credential(vm, learner_name=name), key, vm)
    for text in (json.dumps(signed), json.dumps(signed, ensure_ascii=False)):
        received = json.loads(text.encode("utf-8").decode("utf-8"))
        assert received["credentialSubject"]["identifier"][0]["identityHash"] == name
        assert di.verify(received, di.did_key_resolver).verified


def test_name_in_another_normalisation_form_fails():
    """RDFC-1.0 does not normalise Unicode: a decomposed 'ë' is a different credential."""
    key, vm = new_issuer()
    signed = di.sign(ob3_credential(vm, learner_name="Zo\u00eb"), key, vm)
    signed["credentialSubject"]["identifier"][0]["identityHash"] = "Zoe\u0308"
    assert not di.verify(signed, di.did_key_resolver).verified


def test_expansion_drops_terms_reports_undefined_keys_at_any_depth():
    _, vm = new_issuer()
    clean = ob3_credential(vm)
    assert di.expansion_drops_terms(clean) == []

    dirty = copy.deepcopy(clean)
    dirty["credentialSubject"]["favouriteColour"] = "teal"
    assert di.expansion_drops_terms(dirty) == ["favouriteColour"]

    dirty["credentialSubject"]["achievement"]["criteria"]["shoeSize"] = 9
    dirty["type"].append("UndefinedBadgeType")
    assert di.expansion_drops_terms(dirty) == ["UndefinedBadgeType", "favouriteColour", "shoeSize"]


def test_undefined_terms_are_refused_when_signing_and_verifying():
    key, vm = new_issuer()
    dirty = ob3_credential(vm)
    dirty["credentialSubject"]["favouriteColour"] = "teal"
    with pytest.raises(di.DataLossError, match="favouriteColour"):
        di.sign(dirty, key, vm)

    # Added after signing, the term would not change the canonical form, so the signature
    # alone would still match: safe mode is what catches it.
    signed = di.sign(ob3_credential(vm), key, vm)
    signed["credentialSubject"]["favouriteColour"] = "teal"
    result = di.verify(signed, di.did_key_resolver)
    assert not result.verified
    assert "favouriteColour" in result.errors[0]


# --- the offline context loader -------------------------------------------------------------


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a connection or resolve a name fails the test."""

    def refuse(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_loader_serves_every_held_context_offline(no_network):
    for url in CONTEXT_URLS:
        remote = document_loader(url)
        assert remote["documentUrl"] == url
        assert remote["contextUrl"] is None
        assert "@context" in remote["document"]
    # A caller changing what it was given does not change the next answer.
    document_loader(VC_V2)["document"]["@context"].clear()
    assert document_loader(VC_V2)["document"]["@context"]


def test_loader_refuses_unknown_urls_without_network(no_network):
    for url in [
        "https://www.w3.org/ns/credentials/examples/v2",
        "https://w3id.org/did/v1",
        "https://purl.imsglobal.org/spec/ob/v3p0/context.json",
        "http://www.w3.org/ns/credentials/v2",
        "https://evil.example/context.jsonld",
    ]:
        with pytest.raises(UnknownContextError, match="not one of the contexts held"):
            document_loader(url)

    document = dict(vector("alumni-unsigned.json"))
    with pytest.raises(JsonLdError):
        di.canonical_nquads(document)
    result = di.verify(vector("alumni-signed-eddsa-rdfc-2022.json"), di.did_key_resolver)
    assert not result.verified
    assert "https://www.w3.org/ns/credentials/examples/v2" in result.errors[0]


def test_extended_loader_cannot_replace_a_held_context():
    with pytest.raises(ValueError, match="cannot replace"):
        extended_loader({VC_V2: {"@context": {}}})


# --- cross-check with an independent implementation (openbadgeslib 4.6.3) ---------------------


def test_openbadgeslib_verifies_our_signature_and_we_verify_its(no_network):
    from openbadgeslib.ob3.ldp import OB3LdpVerifier, add_data_integrity_proof

    key, vm = new_issuer()
    signed = di.sign(ob3_credential(vm, learner_name="محمد الأحمد"), key, vm)
    # Resolves the did:key itself; checks OB 3.0 shape, issuer binding and JSON-LD form too.
    badge = OB3LdpVerifier().verify(json.dumps(signed, ensure_ascii=False))
    assert badge.recipient_id == signed["credentialSubject"]["id"]

    pem = key.public_key().public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    tampered = copy.deepcopy(signed)
    tampered["name"] = "Leadership in personalised carE"
    with pytest.raises(Exception, match="signature mismatch"):
        OB3LdpVerifier(pubkey_pem=pem).verify(tampered)

    from cryptography.hazmat.primitives.serialization import NoEncryption, PrivateFormat

    private_pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    theirs = add_data_integrity_proof(ob3_credential(vm), private_pem, vm)
    assert di.verify(theirs, di.did_key_resolver).verified
