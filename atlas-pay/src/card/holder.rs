//! The card holder and the card's billing address.

use std::fmt;
use std::str::FromStr;

/// Why a holder or billing-address field is unusable.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum AddressError {
    /// A required name is empty or only whitespace.
    EmptyName(&'static str),
    /// Not an ISO 3166-1 alpha-2 country code.
    Country(String),
    /// Not a two-letter province or state code.
    Province(String),
}

/// The name on the card. Both parts must be non-empty.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CardHolder {
    first_name: String,
    last_name: String,
}

impl CardHolder {
    /// A holder from first and last name; surrounding whitespace is trimmed.
    pub fn new(first_name: &str, last_name: &str) -> Result<Self, AddressError> {
        let first_name = first_name.trim();
        let last_name = last_name.trim();
        if first_name.is_empty() {
            return Err(AddressError::EmptyName("first"));
        }
        if last_name.is_empty() {
            return Err(AddressError::EmptyName("last"));
        }
        Ok(Self {
            first_name: first_name.to_owned(),
            last_name: last_name.to_owned(),
        })
    }

    /// The first name.
    pub fn first_name(&self) -> &str {
        &self.first_name
    }

    /// The last name.
    pub fn last_name(&self) -> &str {
        &self.last_name
    }
}

/// An ISO 3166-1 alpha-2 country code that names a real country.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country([u8; 2]);

impl Country {
    /// The code, e.g. `"US"`.
    pub fn alpha2(&self) -> &str {
        std::str::from_utf8(&self.0).unwrap_or_default()
    }
}

/// Every ISO 3166-1 alpha-2 code in use (the 249 assigned ones and XK,
/// Kosovo, which card networks use), sorted, two letters each.
const ALPHA2_CODES: &str = concat!(
    "ADAEAFAGAIALAMAOAQARASATAUAWAXAZBABBBDBEBFBGBHBIBJBLBMBNBOBQBRBSBTBVBWBYBZCACCCD",
    "CFCGCHCICKCLCMCNCOCRCUCVCWCXCYCZDEDJDKDMDODZECEEEGEHERESETFIFJFKFMFOFRGAGBGDGEGF",
    "GGGHGIGLGMGNGPGQGRGSGTGUGWGYHKHMHNHRHTHUIDIEILIMINIOIQIRISITJEJMJOJPKEKGKHKIKMKN",
    "KPKRKWKYKZLALBLCLILKLRLSLTLULVLYMAMCMDMEMFMGMHMKMLMMMNMOMPMQMRMSMTMUMVMWMXMYMZNA",
    "NCNENFNGNINLNONPNRNUNZOMPAPEPFPGPHPKPLPMPNPRPSPTPWPYQARERORSRURWSASBSCSDSESGSHSI",
    "SJSKSLSMSNSOSRSSSTSVSXSYSZTCTDTFTGTHTJTKTLTMTNTOTRTTTVTWTZUAUGUMUSUYUZVAVCVEVGVI",
    "VNVUWFWSXKYEYTZAZMZW",
);

/// Whether `code` (two upper-case letters) is in [`ALPHA2_CODES`].
fn is_assigned(code: [u8; 2]) -> bool {
    let table = ALPHA2_CODES.as_bytes();
    let (mut low, mut high) = (0, table.len() / 2);
    while low < high {
        let middle = (low + high) / 2;
        match [table[2 * middle], table[2 * middle + 1]].cmp(&code) {
            std::cmp::Ordering::Less => low = middle + 1,
            std::cmp::Ordering::Greater => high = middle,
            std::cmp::Ordering::Equal => return true,
        }
    }
    false
}

impl FromStr for Country {
    type Err = AddressError;

    /// Parses a two-letter code in either case and checks it against ISO 3166-1.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim().as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                let code = [a.to_ascii_uppercase(), b.to_ascii_uppercase()];
                if is_assigned(code) {
                    Ok(Country(code))
                } else {
                    Err(AddressError::Country(text.to_owned()))
                }
            }
            _ => Err(AddressError::Country(text.to_owned())),
        }
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Country({})", self.alpha2())
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.alpha2())
    }
}

/// The billing address Atlas may use for card checks. Every field is optional
/// on the wire; those given are checked here.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BillingAddress {
    pub(crate) country: Option<Country>,
    pub(crate) province: Option<String>,
    pub(crate) city: Option<String>,
    pub(crate) post_code: Option<String>,
    pub(crate) address: Option<String>,
}

impl BillingAddress {
    /// An empty address.
    pub fn new() -> Self {
        Self::default()
    }

    /// The country, an ISO 3166-1 alpha-2 code such as `"US"`.
    pub fn country(mut self, country: Country) -> Self {
        self.country = Some(country);
        self
    }

    /// The state or province as a two-letter code (`"CA"`, not `"California"`).
    pub fn province(mut self, province: &str) -> Result<Self, AddressError> {
        let code = province.trim();
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(AddressError::Province(province.to_owned()));
        }
        self.province = Some(code.to_ascii_uppercase());
        Ok(self)
    }

    /// The city.
    pub fn city(mut self, city: impl Into<String>) -> Self {
        self.city = Some(city.into());
        self
    }

    /// The postal code.
    pub fn post_code(mut self, post_code: impl Into<String>) -> Self {
        self.post_code = Some(post_code.into());
        self
    }

    /// The first/second line of the address.
    pub fn address(mut self, address: impl Into<String>) -> Self {
        self.address = Some(address.into());
        self
    }
}

impl std::fmt::Display for AddressError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddressError::EmptyName(which) => write!(f, "the card holder's {which} name is empty"),
            AddressError::Country(code) => {
                write!(f, "{code:?} is not an ISO 3166-1 alpha-2 country code")
            }
            AddressError::Province(code) => write!(
                f,
                "{code:?} is not a two-letter province code (use \"CA\", not \"California\")"
            ),
        }
    }
}

impl std::error::Error for AddressError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_must_not_be_empty() {
        assert_eq!(
            CardHolder::new(" ", "Lovelace"),
            Err(AddressError::EmptyName("first"))
        );
        assert_eq!(
            CardHolder::new("Ada", ""),
            Err(AddressError::EmptyName("last"))
        );
        assert_eq!(
            CardHolder::new(" Ada ", "Lovelace").unwrap().first_name(),
            "Ada"
        );
    }

    #[test]
    fn countries_are_real_alpha2_codes() {
        assert_eq!("us".parse::<Country>().unwrap().alpha2(), "US");
        // The table is sorted and every entry two upper-case letters.
        let codes: Vec<&[u8]> = ALPHA2_CODES.as_bytes().chunks(2).collect();
        assert_eq!(codes.len(), 250);
        assert!(codes.windows(2).all(|pair| pair[0] < pair[1]));
        for code in codes {
            assert!(code.iter().all(u8::is_ascii_uppercase));
            assert!(
                std::str::from_utf8(code)
                    .unwrap()
                    .parse::<Country>()
                    .is_ok()
            );
        }
        for absent in ["AA", "ZZ", "UK", "EU", "XX"] {
            assert!(absent.parse::<Country>().is_err(), "{absent}");
        }
        assert_eq!("GB".parse::<Country>().unwrap().to_string(), "GB");
        for bad in ["XX", "USA", "U", "", "1A", "ÜS"] {
            assert!(bad.parse::<Country>().is_err(), "{bad:?}");
        }
    }

    #[test]
    fn provinces_are_two_letters() {
        let address = BillingAddress::new().province("ca").unwrap();
        assert_eq!(address.province.as_deref(), Some("CA"));
        assert!(BillingAddress::new().province("California").is_err());
        assert!(BillingAddress::new().province("C1").is_err());
    }
}
