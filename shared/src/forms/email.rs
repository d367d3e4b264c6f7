//! Email addresses, only constructible by parsing.

use std::fmt;

/// A syntactically valid address, normalized so that one mailbox has one spelling: trimmed,
/// lower-cased (providers treat local parts case-insensitively in practice), and an
/// internationalized domain converted to its ASCII (punycode) form.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct EmailAddress(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("is not a valid email address")]
pub struct EmailError;

impl fmt::Debug for EmailAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Addresses are personal data: never in logs or panics.
        f.write_str("EmailAddress(redacted)")
    }
}

impl EmailAddress {
    pub fn parse(text: &str) -> Result<Self, EmailError> {
        let text = text.trim();
        if text.is_empty()
            || text.len() > 254
            || text.chars().any(|c| c.is_whitespace() || c.is_control())
            || crate::text::has_hidden_format_chars(text)
        {
            return Err(EmailError);
        }
        let (local, domain) = text.rsplit_once('@').ok_or(EmailError)?;
        let local_ok = (1..=64).contains(&local.len())
            && !local.contains('@')
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && !local.contains(['(', ')', '<', '>', ',', ';', ':', '\\', '"', '[', ']']);
        let domain = idna::domain_to_ascii(domain).map_err(|_| EmailError)?;
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|label| {
                (1..=63).contains(&label.chars().count())
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && !labels
                .last()
                .is_some_and(|tld| tld.chars().all(|c| c.is_ascii_digit()));
        if !(local_ok && domain_ok) {
            return Err(EmailError);
        }
        let address = format!("{}@{domain}", local.to_lowercase());
        if address.len() > 254 {
            return Err(EmailError);
        }
        Ok(Self(address))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The mailbox this address delivers to, for counting what reaches one inbox (never for
    /// sending: mail goes to the address as given). A `+tag` sub-address is dropped, as every
    /// large provider and most servers deliver `ana+x@` to `ana@`. For Gmail, whose addresses
    /// ignore dots and where `googlemail.com` is the same mailbox, dots go too: Google documents
    /// both, so `a.n.a@googlemail.com` and `ana@gmail.com` are one inbox. Elsewhere dots are kept:
    /// on other domains `a.na@` and `an.a@` may well be two people.
    pub fn canonical_mailbox(&self) -> String {
        let (local, domain) = self.0.rsplit_once('@').expect("parsed addresses hold an @");
        let local = match local.split_once('+') {
            Some((base, _tag)) if !base.is_empty() => base,
            _ => local,
        };
        match domain {
            "gmail.com" | "googlemail.com" => {
                let local: String = local.chars().filter(|c| *c != '.').collect();
                format!("{local}@gmail.com")
            }
            _ => format!("{local}@{domain}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_validated_and_normalized() {
        let cases = [
            (" Ana@Example.ORG ", "ana@example.org"),
            ("maria@correo.españa.es", "maria@correo.xn--espaa-rta.es"),
            (
                "PATIENT+news@Bücher.example",
                "patient+news@xn--bcher-kva.example",
            ),
            ("ana@xn--bcher-kva.example", "ana@xn--bcher-kva.example"),
        ];
        for (given, normalized) in cases {
            assert_eq!(
                EmailAddress::parse(given).unwrap().as_str(),
                normalized,
                "{given}"
            );
        }
        for bad in [
            "", "a", "a@", "@b.c", "a@b", "a b@c.d", "a@b..c", "a@-b.c", "a@b.123", ".a@b.c",
            "a..b@c.d", "a@b@c.d",
        ] {
            assert!(EmailAddress::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            format!("{:?}", EmailAddress::parse("a@b.cd").unwrap()),
            "EmailAddress(redacted)"
        );
    }

    #[test]
    fn spellings_of_one_mailbox_have_one_canonical_form() {
        let cases = [
            ("v@example.org", "v@example.org"),
            ("v+1@example.org", "v@example.org"),
            ("V+news+more@Example.ORG", "v@example.org"),
            ("v+@example.org", "v@example.org"),
            // A local part that is only a tag has no base to fall back to.
            ("+tag@example.org", "+tag@example.org"),
            ("a.na@example.org", "a.na@example.org"),
            ("a.na+x@example.org", "a.na@example.org"),
            ("A.N.A@gmail.com", "ana@gmail.com"),
            ("a.n.a+promo@GoogleMail.com", "ana@gmail.com"),
            ("ana@googlemail.com", "ana@gmail.com"),
            ("ana@mail.gmail.com.example", "ana@mail.gmail.com.example"),
            ("ana+x@Bücher.example", "ana@xn--bcher-kva.example"),
            ("v-1@example.org", "v-1@example.org"),
        ];
        for (given, canonical) in cases {
            let address = EmailAddress::parse(given).unwrap();
            assert_eq!(address.canonical_mailbox(), canonical, "{given}");
        }
        // The address itself, which mail goes to, keeps its tag.
        assert_eq!(
            EmailAddress::parse("v+1@example.org").unwrap().as_str(),
            "v+1@example.org"
        );
    }
}
