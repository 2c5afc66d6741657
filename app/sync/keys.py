"""Key pairs of branches and of the city, their fingerprints, public key files and backups.

Every party has two key pairs: Ed25519 to sign what it sends and X25519 to receive what is
encrypted for it. The fingerprint is the SHA-256 of both public keys; people compare its
first 32 hex digits (128 bits) read aloud or on paper.
"""

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey

from base.errors import UserError

PUBLIC_KEY_TYPE = "branchdesk-public-key"


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object, length: int | None = None) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    data = base64.b64decode(text.encode("ascii"), validate=True)
    if length is not None and len(data) != length:
        raise ValueError("wrong key length")
    return data


def show_fingerprint(key_id: str) -> str:
    """The part people compare: 32 hex digits in groups of four."""
    head = key_id[:32].upper()
    return " ".join(head[i:i + 4] for i in range(0, 32, 4))


@dataclass(frozen=True)
class PublicKeys:
    sign: bytes  # Ed25519, 32 bytes
    box: bytes  # X25519, 32 bytes

    @property
    def key_id(self) -> str:
        return hashlib.sha256(b"BranchDesk key v1\0" + self.sign + self.box).hexdigest()

    @property
    def fingerprint(self) -> str:
        return show_fingerprint(self.key_id)

    def verify(self, signature: bytes, data: bytes) -> bool:
        try:
            Ed25519PublicKey.from_public_bytes(self.sign).verify(signature, data)
        except (InvalidSignature, ValueError):
            return False
        return True

    def as_json(self) -> dict[str, str]:
        return {"sign": b64(self.sign), "box": b64(self.box), "key_id": self.key_id}

    @classmethod
    def from_json(cls, data: object) -> "PublicKeys":
        """Raises ValueError when the keys are malformed or do not match their key id."""
        if not isinstance(data, dict):
            raise ValueError("keys must be an object")
        keys = cls(unb64(data.get("sign"), 32), unb64(data.get("box"), 32))
        if data.get("key_id") not in (None, keys.key_id):
            raise ValueError("key id does not match the keys")
        return keys


@dataclass(frozen=True)
class KeyPair:
    sign_private: bytes
    box_private: bytes

    @classmethod
    def generate(cls) -> "KeyPair":
        sign = Ed25519PrivateKey.generate().private_bytes_raw()
        box = X25519PrivateKey.generate().private_bytes_raw()
        return cls(sign, box)

    @property
    def public(self) -> PublicKeys:
        sign = Ed25519PrivateKey.from_private_bytes(self.sign_private).public_key()
        box = X25519PrivateKey.from_private_bytes(self.box_private).public_key()
        return PublicKeys(sign.public_bytes_raw(), box.public_bytes_raw())

    def sign(self, data: bytes) -> bytes:
        return Ed25519PrivateKey.from_private_bytes(self.sign_private).sign(data)

    def box_key(self) -> X25519PrivateKey:
        return X25519PrivateKey.from_private_bytes(self.box_private)


def x25519_public(raw: bytes) -> X25519PublicKey:
    return X25519PublicKey.from_public_bytes(raw)


# Public key files ----------------------------------------------------------------------------

def public_key_file(keys: PublicKeys, role: str, name: str, code: str = "") -> bytes:
    data = {"type": PUBLIC_KEY_TYPE, "version": 1, "role": role, "name": name, "code": code,
            **keys.as_json(), "fingerprint": keys.fingerprint}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


@dataclass(frozen=True)
class KeyFile:
    role: str  # city / branch
    name: str
    code: str
    keys: PublicKeys


def read_public_key_file(path: Path | str, role: str) -> KeyFile:
    what = "工委公钥文件" if role == "city" else "支部公钥文件"
    try:
        data = json.loads(Path(path).read_bytes().decode("utf-8"))
        if data.get("type") != PUBLIC_KEY_TYPE:
            raise ValueError("not a key file")
        keys = PublicKeys.from_json(data)
        found_role = data.get("role")
    except OSError as exc:
        raise UserError(f"无法读取{what}：{path}（{exc.strerror or exc}）") from None
    except (ValueError, TypeError, AttributeError, UnicodeDecodeError):
        raise UserError(f"文件“{Path(path).name}”不是有效的{what}，或已损坏。") from None
    if found_role != role:
        other = "工委公钥文件" if found_role == "city" else "支部公钥文件"
        raise UserError(f"文件“{Path(path).name}”是{other}，这里需要{what}。")
    return KeyFile(role, str(data.get("name", "")), str(data.get("code", "")), keys)


# Private key backups -------------------------------------------------------------------------

_PEM_BLOCK = re.compile(
    rb"-----BEGIN ENCRYPTED PRIVATE KEY-----.+?-----END ENCRYPTED PRIVATE KEY-----", re.S
)
MIN_PASSPHRASE = 8


def export_private(pair: KeyPair, passphrase: str, title: str) -> bytes:
    """Two passphrase-encrypted PKCS#8 PEM blocks (signing, then decryption key) with a note."""
    if len(passphrase) < MIN_PASSPHRASE:
        raise UserError(f"备份口令至少需要 {MIN_PASSPHRASE} 个字符。")
    encryption = serialization.BestAvailableEncryption(passphrase.encode("utf-8"))
    blocks = [
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          encryption)
        for key in (Ed25519PrivateKey.from_private_bytes(pair.sign_private), pair.box_key())
    ]
    note = (f"支部工作台私钥备份：{title}\n指纹：{pair.public.fingerprint}\n"
            "此文件用备份口令加密。请连同口令分开妥善保管；恢复时用 branchdesk city init "
            "--restore-key 此文件。\n\n").encode()
    return note + b"".join(blocks)


def import_private(data: bytes, passphrase: str) -> KeyPair:
    blocks = _PEM_BLOCK.findall(data)
    if len(blocks) != 2:
        raise UserError("私钥备份文件格式不正确或不完整。")
    try:
        keys = [serialization.load_pem_private_key(b, passphrase.encode("utf-8"))
                for b in blocks]
    except (ValueError, TypeError):
        raise UserError("备份口令不正确，或私钥备份文件已损坏。") from None
    sign, box = keys
    if not isinstance(sign, Ed25519PrivateKey) or not isinstance(box, X25519PrivateKey):
        raise UserError("私钥备份文件中的密钥类型不正确。")
    return KeyPair(sign.private_bytes_raw(), box.private_bytes_raw())
