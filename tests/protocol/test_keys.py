"""Ed25519 keys and their did:key text form."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocol import ProtocolError, SigningKey, parse_public_id, public_id
from protocol.keys import _signature_bytes, b64u, unb64u, verify_signature


@settings(max_examples=50, deadline=None)
@given(seed=st.binary(min_size=32, max_size=32))
def test_did_key_round_trip(seed: bytes) -> None:
    key = SigningKey(seed)
    assert key.public_id.startswith("did:key:z6Mk") and len(key.public_id) == 56
    assert bytes(parse_public_id(key.public_id)) == bytes(key._key.verify_key)
    assert public_id(bytes(parse_public_id(key.public_id))) == key.public_id
    assert SigningKey(key.seed).public_id == key.public_id


def test_known_key() -> None:
    # An Ed25519 example from the did:key method specification.
    raw = bytes.fromhex("2e6fcce36701dc791488e0d0b1745cc1e33a4c1c9fcc41c63bd343dbbe0970e6")
    text = "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"
    assert public_id(raw) == text
    assert bytes(parse_public_id(text)) == raw


@pytest.mark.parametrize(
    "text",
    [
        "",
        "did:key:",
        "did:key:z6Mk",
        "did:web:example.org",
        "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2do0",  # 0 is not base58
        "did:key:zQ3shokFTS3brHcDQrn82RUDfCZESWL1ZdCEJwekUDPQiYBme",  # secp256k1
        "did:key:z6Mk" + "z" * 44,
        "did:key:z16MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK",
    ],
)
def test_bad_public_ids(text: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        parse_public_id(text)
    assert caught.value.code == "bad_author"


def test_signature_text_is_canonical() -> None:
    key = SigningKey(bytes([1]) * 32)
    sig = key.sign(b"message")
    assert len(sig) == 86 and unb64u(sig) == key._key.sign(b"message").signature
    verify_signature(key.public_id, b"message", sig)
    for bad in (sig + "=", sig[:-1] + chr(ord(sig[-1]) + 1), sig[:-2], "é" * 86):
        with pytest.raises(ProtocolError, match="bad_signature"):
            verify_signature(key.public_id, b"message", bad)
    with pytest.raises(ProtocolError, match="bad_signature"):
        verify_signature(key.public_id, b"other message", sig)


def test_b64u_round_trip() -> None:
    for data in (b"", b"\0", b"\xff\xfe", bytes(range(64))):
        assert unb64u(b64u(data)) == data
        assert "=" not in b64u(data)


@settings(max_examples=300, deadline=None)
@given(
    text=st.one_of(
        st.text(alphabet="ABQgwz09_-+/=é\n", min_size=84, max_size=88),
        st.binary(min_size=64, max_size=64).map(b64u),
        # A signature's text with one character replaced: often the last one.
        st.builds(
            lambda sig, at, char: sig[:at] + char + sig[at + 1 :],
            st.binary(min_size=64, max_size=64).map(b64u),
            st.integers(80, 85) | st.integers(0, 85),
            st.sampled_from("AQgwBRhxz9-_+/=.é\n"),
        ),
    )
)
def test_signature_texts_decode_as_unb64u_does(text: str) -> None:
    # The signature's fast decoding takes exactly the texts that unb64u takes to 64 bytes.
    try:
        expected: bytes | None = unb64u(text)
    except ValueError:
        expected = None
    if expected is not None and len(expected) != 64:
        expected = None
    try:
        got: bytes | None = _signature_bytes(text)
    except ValueError:
        got = None
    assert got == expected
