"""Print a new Ed25519 signing key for CREDENTIALS_SIGNING_KEY (README: "Credentials").

    python manage.py credentials_key            # the secret key, for the environment
    python manage.py credentials_key --public   # and its public half, on a second line

Nothing is stored: the key is printed once. Rotating means setting the new key and restarting;
the old public key stays published (the DID document lists every key that has signed), so
credentials signed with it still verify.
"""

from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management.base import BaseCommand, CommandParser

from learning.certificates.openbadges.dataintegrity import (
    public_key_multibase,
    secret_key_multibase,
)


class Command(BaseCommand):
    help = "Print a new Ed25519 key for CREDENTIALS_SIGNING_KEY."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--public", action="store_true", help="also print the public key")

    def handle(self, *args: Any, **options: Any) -> None:
        key = Ed25519PrivateKey.generate()
        self.stdout.write(secret_key_multibase(key))
        if options["public"]:
            self.stdout.write(public_key_multibase(key.public_key()))
