"""A JSON Schema for what Open Badges 3.0 requires of an `AchievementCredential` (also called
`OpenBadgeCredential`), written from the specification (1EdTech Open Badges Specification
v3.0, Appendix B "Data Models": AchievementCredential, Profile, AchievementSubject,
Achievement, Criteria, Alignment, IdentityObject, Image, CredentialStatus, Proof) and from
W3C VC Data Model 2.0 (@context first entry, validFrom) and Bitstring Status List v1.0
(BitstringStatusListEntry). Only "required" and the value rules the spec states are checked;
1EdTech's own schema allows further properties, and so does this one."""

URI = {"type": "string", "pattern": r"^[A-Za-z][A-Za-z0-9+.\-]*:\S+$"}
DATETIME = {
    "type": "string",
    "format": "date-time",
    "pattern": (
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?"
        r"(Z|[+-][0-9]{2}:[0-9]{2})$"
    ),
}


def _types_including(*names: str) -> dict:
    """OB 3.0: `type` is an array of IRIs that MUST include one of the names."""
    return {
        "type": "array",
        "items": {"type": "string"},
        "anyOf": [{"contains": {"const": name}} for name in names],
    }


IMAGE = {
    "type": "object",
    "required": ["id", "type"],
    "properties": {"id": URI, "type": {"const": "Image"}, "caption": {"type": "string"}},
}

PROFILE = {
    "type": "object",
    "required": ["id", "type"],
    "properties": {
        "id": URI,
        "type": _types_including("Profile"),
        "name": {"type": "string", "minLength": 1},
        "url": URI,
        "email": {"type": "string", "format": "email"},
        "image": IMAGE,
    },
}

ALIGNMENT = {
    "type": "object",
    "required": ["type", "targetName", "targetUrl"],
    "properties": {
        "type": _types_including("Alignment"),
        "targetName": {"type": "string", "minLength": 1},
        "targetUrl": URI,
        "targetDescription": {"type": "string"},
        "targetFramework": {"type": "string"},
        "targetCode": {"type": "string"},
        "targetType": {
            "anyOf": [
                {
                    "enum": [
                        "ceasn:Competency",
                        "ceterms:Credential",
                        "CFItem",
                        "CFRubric",
                        "CFRubricCriterion",
                        "CFRubricCriterionLevel",
                        "CTDL",
                    ]
                },
                {"type": "string", "pattern": r"^ext:[a-zA-Z0-9._\-]+$"},
            ]
        },
    },
}

ACHIEVEMENT = {
    "type": "object",
    "required": ["id", "type", "criteria", "description", "name"],
    "properties": {
        "id": URI,
        "type": _types_including("Achievement"),
        "name": {"type": "string", "minLength": 1},
        "description": {"type": "string", "minLength": 1},
        # Criteria: "id" or "narrative" (at least one), per the spec's note on Criteria.
        "criteria": {
            "type": "object",
            "anyOf": [{"required": ["id"]}, {"required": ["narrative"]}],
            "properties": {"id": URI, "narrative": {"type": "string", "minLength": 1}},
        },
        "image": IMAGE,
        "alignment": {"type": "array", "items": ALIGNMENT},
    },
}

IDENTITY_OBJECT = {
    "type": "object",
    "required": ["type", "hashed", "identityHash", "identityType"],
    "properties": {
        "type": {"const": "IdentityObject"},
        "hashed": {"type": "boolean"},
        "identityHash": {"type": "string", "minLength": 1},
        "identityType": {"type": "string"},
        "salt": {"type": "string"},
    },
}

ACHIEVEMENT_SUBJECT = {
    "type": "object",
    "required": ["type", "achievement"],
    # OB 3.0: "either id or at least one identifier MUST be supplied".
    "anyOf": [
        {"required": ["id"]},
        {"required": ["identifier"], "properties": {"identifier": {"minItems": 1}}},
    ],
    "properties": {
        "id": URI,
        "type": _types_including("AchievementSubject"),
        "achievement": ACHIEVEMENT,
        "identifier": {"type": "array", "items": IDENTITY_OBJECT},
    },
}

CREDENTIAL_STATUS = {
    "type": "object",
    "required": ["id", "type", "statusPurpose", "statusListIndex", "statusListCredential"],
    "properties": {
        "id": URI,
        "type": {"const": "BitstringStatusListEntry"},
        "statusPurpose": {"type": "string"},
        "statusListIndex": {"type": "string", "pattern": r"^[0-9]+$"},
        "statusListCredential": URI,
    },
}

PROOF = {
    "type": "object",
    "required": [
        "type",
        "cryptosuite",
        "created",
        "verificationMethod",
        "proofPurpose",
        "proofValue",
    ],
    "properties": {
        "type": {"const": "DataIntegrityProof"},
        "cryptosuite": {"const": "eddsa-rdfc-2022"},
        "created": DATETIME,
        "verificationMethod": URI,
        "proofPurpose": {"const": "assertionMethod"},
        "proofValue": {"type": "string", "pattern": "^z[1-9A-HJ-NP-Za-km-z]+$"},
    },
}

ACHIEVEMENT_CREDENTIAL = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": [
        "@context",
        "id",
        "type",
        "issuer",
        "validFrom",
        "name",
        "credentialSubject",
        "proof",
    ],
    "properties": {
        "@context": {
            "type": "array",
            "minItems": 2,
            "prefixItems": [{"const": "https://www.w3.org/ns/credentials/v2"}],
            "contains": {
                "type": "string",
                "pattern": r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context-3\.0\.[0-9]+\.json$",
            },
        },
        "id": URI,
        "type": {
            "type": "array",
            "allOf": [
                {"contains": {"const": "VerifiableCredential"}},
                {
                    "anyOf": [
                        {"contains": {"const": "AchievementCredential"}},
                        {"contains": {"const": "OpenBadgeCredential"}},
                    ]
                },
            ],
        },
        "issuer": PROFILE,
        "validFrom": DATETIME,
        "name": {"type": "string", "minLength": 1},
        "credentialSubject": ACHIEVEMENT_SUBJECT,
        "credentialStatus": CREDENTIAL_STATUS,
        "proof": PROOF,
    },
}
