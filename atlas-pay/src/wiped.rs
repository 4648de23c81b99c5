//! A byte buffer wiped when dropped, growth included: request bodies (they
//! carry card numbers and CVVs) are serialized into one, and answers (they
//! carry personal data) are read into one.
//!
//! A `Vec` that outgrows its capacity moves its bytes to a new allocation
//! and frees the old one unwiped. [`Wiped`] never lets that happen: it grows
//! by copying into a new buffer of its own and wiping the old one.

use std::io;

use bytes::Bytes;
use zeroize::Zeroizing;

/// The buffer grew past the most it may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLong;

/// Bytes wiped when dropped, at most `limit` of them.
pub(crate) struct Wiped {
    bytes: Zeroizing<Vec<u8>>,
    limit: usize,
}

impl Wiped {
    /// An empty buffer with room for `capacity` bytes (at most `limit`).
    pub(crate) fn new(capacity: usize, limit: usize) -> Self {
        Self {
            bytes: Zeroizing::new(Vec::with_capacity(capacity.min(limit))),
            limit,
        }
    }

    /// Appends `more`, growing by copy (the old buffer is wiped), or refuses
    /// when the result would be longer than the limit.
    pub(crate) fn push(&mut self, more: &[u8]) -> Result<(), TooLong> {
        let needed = self.bytes.len() + more.len();
        if needed > self.limit {
            return Err(TooLong);
        }
        if needed > self.bytes.capacity() {
            let capacity = needed.max(self.bytes.capacity() * 2).min(self.limit);
            let mut grown = Zeroizing::new(Vec::with_capacity(capacity));
            grown.extend_from_slice(&self.bytes);
            // The old buffer is wiped as it is dropped here.
            self.bytes = grown;
        }
        self.bytes.extend_from_slice(more);
        Ok(())
    }

    /// The bytes so far.
    pub(crate) fn as_slice(&self) -> &[u8] {
        &self.bytes
    }

    /// The bytes as a request body: reqwest holds this buffer itself (no
    /// copy) and it is wiped when the request is done with it.
    pub(crate) fn into_body(self) -> reqwest::Body {
        reqwest::Body::from(Bytes::from_owner(self))
    }
}

impl AsRef<[u8]> for Wiped {
    fn as_ref(&self) -> &[u8] {
        &self.bytes
    }
}

impl io::Write for Wiped {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.push(buf)
            .map_err(|TooLong| io::Error::other("longer than the buffer's limit"))?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grows_by_copy_keeping_every_byte_up_to_its_limit() {
        let mut buffer = Wiped::new(2, 10);
        for chunk in [&b"ab"[..], b"cde", b"f", b"ghij"] {
            buffer.push(chunk).unwrap();
        }
        assert_eq!(buffer.as_slice(), b"abcdefghij");
        assert_eq!(buffer.push(b"k"), Err(TooLong));
        assert_eq!(
            buffer.as_slice(),
            b"abcdefghij",
            "a refused push changes nothing"
        );
    }

    #[test]
    fn serializes_into_a_request_body_without_losing_a_byte() {
        let mut buffer = Wiped::new(0, 1 << 10);
        serde_json::to_writer(&mut buffer, &serde_json::json!({"cardNumber": "4532"})).unwrap();
        let body = buffer.into_body();
        assert_eq!(body.as_bytes(), Some(&br#"{"cardNumber":"4532"}"#[..]));
        let mut small = Wiped::new(0, 4);
        assert!(serde_json::to_writer(&mut small, &"too long").is_err());
    }
}
