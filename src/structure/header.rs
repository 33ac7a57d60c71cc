//! The act header: type, issuer, date, number, registration, status, repealing act, signature.
