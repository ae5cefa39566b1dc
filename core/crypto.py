"""Encryption of personal data at rest (ID numbers, reporters' contacts), keyed by FIELD_ENCRYPTION_KEY."""

import base64
import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


def _derive(key: str, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(key.encode())


@lru_cache(maxsize=4)
def _fernet(key: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(key, b"huitoukan id-number encryption")))


@lru_cache(maxsize=4)
def _hmac_key(key: str) -> bytes:
    return _derive(key, b"huitoukan id-number lookup")


def encrypt_text(value: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(value.encode()).decode()


def decrypt_text(token: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode()).decode()


def keyed_hash(value: str) -> str:
    """A stable HMAC for finding equal values without decrypting them."""
    return hmac.new(_hmac_key(settings.FIELD_ENCRYPTION_KEY), value.encode(), hashlib.sha256).hexdigest()
