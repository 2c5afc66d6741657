"""The sealed container around every sync file: encrypted for the receiver, signed by the sender.

Layout (all integers big-endian):

    MAGIC (8 bytes) | header length (u32) | header (UTF-8 JSON) |
    ciphertext length (u64) | ciphertext | Ed25519 signature (64 bytes)

The ciphertext is AES-256-GCM with a key from X25519 (a fresh ephemeral key against the
receiver's key) and HKDF-SHA256; the header is the associated data. The signature covers
everything before it, so a file is checked before anything is decrypted.
"""

import json
import os
import struct
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.sync.format import FORMAT, PackageError, check_format
from app.sync.keys import KeyPair, PublicKeys, b64, unb64, x25519_public

MAGIC = b"BDSYNC\r\n"
CIPHER = "X25519-HKDF-SHA256-AES-256-GCM"
SIGNATURE = "Ed25519"
SIG_LEN = 64
MAX_HEADER = 64 * 1024
#: AES-GCM in one piece: cryptography refuses more than 2**31 - 1 bytes.
MAX_PAYLOAD = 2**31 - 1 - 16
KINDS = ("package", "return", "restore")

DAMAGED = "文件已损坏或不完整（{}）。请重新从原电脑导出或复制。"


def _derive(shared: bytes, ephemeral: bytes, receiver_box: bytes) -> bytes:
    info = b"BranchDesk sync v1\0" + ephemeral + receiver_box
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(shared)


def seal(payload: bytes, kind: str, sender: KeyPair, receiver: PublicKeys,
         format_version: str = FORMAT) -> bytes:
    if len(payload) > MAX_PAYLOAD:
        raise PackageError("数据量超过单个文件的上限（2 GB），请减少附件后再导出。")
    ephemeral = X25519PrivateKey.generate()
    ephemeral_pub = ephemeral.public_key().public_bytes_raw()
    key = _derive(ephemeral.exchange(x25519_public(receiver.box)), ephemeral_pub, receiver.box)
    nonce = os.urandom(12)
    header = {
        "format": format_version, "kind": kind, "cipher": CIPHER, "signature": SIGNATURE,
        "sender": sender.public.as_json(), "receiver": receiver.key_id,
        "ephemeral": b64(ephemeral_pub), "nonce": b64(nonce),
    }
    header_bytes = json.dumps(header, sort_keys=True).encode("utf-8")
    head = MAGIC + struct.pack(">I", len(header_bytes)) + header_bytes
    ciphertext = AESGCM(key).encrypt(nonce, payload, head)
    body = head + struct.pack(">Q", len(ciphertext)) + ciphertext
    return body + sender.sign(body)


@dataclass(frozen=True)
class Sealed:
    """A file whose structure and signature were checked; not yet decrypted."""

    kind: str
    format: str
    sender: PublicKeys
    receiver_id: str
    _head: bytes
    _ephemeral: bytes
    _nonce: bytes
    _ciphertext: bytes

    def open(self, receiver: KeyPair) -> bytes:
        if receiver.public.key_id != self.receiver_id:
            raise PackageError("此文件不是发给本机的（接收方密钥不符），无法解密。")
        shared = receiver.box_key().exchange(x25519_public(self._ephemeral))
        key = _derive(shared, self._ephemeral, receiver.public.box)
        try:
            return AESGCM(key).decrypt(self._nonce, self._ciphertext, self._head)
        except InvalidTag:
            raise PackageError(DAMAGED.format("解密校验失败")) from None


def _header(data: bytes) -> tuple[dict[str, object], bytes, int]:
    if len(data) < len(MAGIC) + 4 or not data.startswith(MAGIC):
        if MAGIC.startswith(data[: len(MAGIC)]) and data:
            raise PackageError(DAMAGED.format("文件过短"))
        raise PackageError("这不是支部工作台的同步文件。")
    (size,) = struct.unpack_from(">I", data, len(MAGIC))
    start = len(MAGIC) + 4
    if size > MAX_HEADER or start + size > len(data):
        raise PackageError(DAMAGED.format("文件头不完整"))
    try:
        header = json.loads(data[start:start + size].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageError(DAMAGED.format("文件头无法读取")) from None
    if not isinstance(header, dict):
        raise PackageError(DAMAGED.format("文件头格式错误"))
    return header, data[:start + size], start + size


def unseal(data: bytes) -> Sealed:
    """Check structure, format version and signature; raises PackageError."""
    header, head, pos = _header(data)
    check_format(header.get("format"))
    if len(data) < pos + 8 + SIG_LEN:
        raise PackageError(DAMAGED.format("文件被截断"))
    (length,) = struct.unpack_from(">Q", data, pos)
    if pos + 8 + length + SIG_LEN != len(data):
        raise PackageError(DAMAGED.format("文件长度不符，可能被截断"))
    body, signature = data[:-SIG_LEN], data[-SIG_LEN:]
    try:
        sender = PublicKeys.from_json(header.get("sender"))
        ephemeral = unb64(header.get("ephemeral"), 32)
        nonce = unb64(header.get("nonce"), 12)
        kind, receiver = header.get("kind"), header.get("receiver")
        if kind not in KINDS or not isinstance(receiver, str):
            raise ValueError("bad header fields")
        if header.get("cipher") != CIPHER or header.get("signature") != SIGNATURE:
            raise ValueError("unknown algorithms")
    except (ValueError, TypeError):
        raise PackageError(DAMAGED.format("文件头内容错误")) from None
    if not sender.verify(signature, body):
        raise PackageError(DAMAGED.format("签名校验失败，文件可能被改动"))
    return Sealed(kind, str(header["format"]), sender, receiver, head, ephemeral, nonce,
                  data[pos + 8:-SIG_LEN])
