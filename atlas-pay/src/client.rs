//! The client: configuration and credentials. Each operation adds its own
//! methods to [`Client`] in its own module (`pay`, `query`, `reconcile`, …),
//! over the accessors below.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use secrecy::{ExposeSecret, SecretString};

use crate::calendar::YearMonth;
use crate::clock::{ClientInstant, Clock, SharedClock};
use crate::declared::{CLIENT_ID_HEADER, CLIENT_SECRET_HEADER};
use crate::settings::Settings;

/// The sandbox's base URL.
pub const SANDBOX_URL: &str = "https://sandbox.atriptech.com";

/// The default connect timeout: 10 seconds.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// The default overall timeout of a call: 120 seconds. A payment can wait on
/// the airline's gateway; a timeout makes the outcome unknown, so it should be
/// generous rather than tight.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(120);

/// Which Atlas to talk to.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Environment {
    /// The public sandbox, <https://sandbox.atriptech.com>.
    Sandbox,
    /// Any other base URL: production (each customer's transaction URL is in
    /// its Atlas profile) or a local sandbox. `http://` only to loopback.
    Custom(Url),
}

impl Environment {
    /// A custom environment from a base URL.
    pub fn custom(base_url: &str) -> Result<Self, BuildError> {
        Url::parse(base_url)
            .map(Environment::Custom)
            .map_err(|_| BuildError::InvalidBaseUrl(base_url.to_owned()))
    }

    fn url(&self) -> Result<Url, BuildError> {
        match self {
            Environment::Sandbox => {
                Url::parse(SANDBOX_URL).map_err(|_| BuildError::InvalidBaseUrl(SANDBOX_URL.into()))
            }
            Environment::Custom(url) => Ok(url.clone()),
        }
    }
}

/// Why a client cannot be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// No client id and secret were given.
    MissingCredentials,
    /// A credential holds bytes an HTTP header cannot carry (CR, LF, NUL…).
    InvalidCredential(&'static str),
    /// The base URL does not parse, or is not an http(s) URL.
    InvalidBaseUrl(String),
    /// `http://` to a host other than loopback: credentials and cards would
    /// travel in clear text.
    InsecureBaseUrl(String),
    /// The user agent or `Accept` value is not a valid header value.
    InvalidHeader(&'static str),
    /// No environment was chosen: the client never picks one, so that a
    /// deployment that forgets its configuration fails at start-up instead
    /// of sending cards to the public sandbox.
    MissingEnvironment,
    /// Required environment variables are missing or not Unicode (every
    /// missing one, in the order `from_env` reads them).
    MissingEnv(Vec<&'static str>),
    /// The HTTP client could not be built (e.g. no TLS roots).
    Http(reqwest::Error),
}

/// Configures a [`Client`].
#[must_use = "a builder does nothing until `build` is called"]
pub struct ClientBuilder {
    client_id: Option<String>,
    client_secret: Option<SecretString>,
    environment: Option<Environment>,
    connect_timeout: Duration,
    timeout: Duration,
    user_agent: Option<String>,
    accept: Option<Option<String>>,
    http: Option<reqwest::Client>,
    clock: SharedClock,
    settings: Settings,
    #[cfg(feature = "journal")]
    journal: Option<crate::journal::Journal>,
}

impl fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("client_id", &self.client_id)
            .field(
                "client_secret",
                &self.client_secret.as_ref().map(|_| "<redacted>"),
            )
            .field("environment", &self.environment)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("custom_http_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The client id and secret Atlas issued. The secret is never printed.
    pub fn credentials(
        mut self,
        client_id: impl Into<String>,
        client_secret: impl Into<String>,
    ) -> Self {
        self.client_id = Some(client_id.into());
        self.client_secret = Some(SecretString::from(client_secret.into()));
        self
    }

    /// Which Atlas to talk to. Required: there is no default, so a
    /// forgotten setting fails [`build`](Self::build) instead of silently
    /// choosing the public sandbox.
    pub fn environment(mut self, environment: Environment) -> Self {
        self.environment = Some(environment);
        self
    }

    /// How long to wait for a connection (default [`DEFAULT_CONNECT_TIMEOUT`]).
    /// A connect timeout means the payment was not delivered.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How long a whole call may take (default [`DEFAULT_TIMEOUT`]). After it,
    /// the outcome is unknown.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The `User-Agent` header (default `atlas-pay/<version>`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The `Accept` header to send (default `application/json`); `None` leaves
    /// it to the HTTP client (reqwest sends `*/*`). Atlas's changelog dropped
    /// `Accept` from its standard headers without saying whether the server
    /// still looks at it.
    pub fn accept(mut self, accept: Option<&str>) -> Self {
        self.accept = Some(accept.map(str::to_owned));
        self
    }

    /// Uses a caller-built `reqwest::Client` (its own timeouts, proxy, TLS and
    /// compression settings then apply instead of this builder's).
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The clock the query's back-off and reconciliation wait on (default:
    /// [`SystemClock`](crate::SystemClock)). Tests pass one that advances
    /// virtual time instead of sleeping.
    pub fn clock(mut self, clock: impl Clock) -> Self {
        self.clock = SharedClock(Arc::new(clock));
        self
    }

    /// Records every payment and refund attempt in this journal: the intent
    /// before sending (nothing is sent if it cannot be recorded), where the
    /// call left it, and its settlement. A payment for an order whose
    /// attempt is open or paid is refused before sending, across every
    /// process sharing the journal. See [`Journal`](crate::Journal) and
    /// [`Client::recover`].
    #[cfg(feature = "journal")]
    #[cfg_attr(
        docsrs,
        doc(cfg(any(feature = "journal-sqlite", feature = "journal-postgres")))
    )]
    pub fn journal(mut self, journal: crate::journal::Journal) -> Self {
        self.journal = Some(journal);
        self
    }

    /// Sets an operation's setting (its retry or polling policy): each
    /// operation module offers a builder method of its own over this.
    pub(crate) fn setting<T: Clone + Send + Sync + 'static>(mut self, value: T) -> Self {
        self.settings.insert(value);
        self
    }

    /// Checks the configuration and builds the client.
    pub fn build(self) -> Result<Client, BuildError> {
        let (Some(client_id), Some(client_secret)) = (self.client_id, self.client_secret) else {
            return Err(BuildError::MissingCredentials);
        };
        let mut headers = HeaderMap::new();
        headers.insert(
            HeaderName::from_static(CLIENT_ID_HEADER),
            sensitive(&client_id, "client id")?,
        );
        headers.insert(
            HeaderName::from_static(CLIENT_SECRET_HEADER),
            sensitive(client_secret.expose_secret(), "client secret")?,
        );

        let environment = self.environment.ok_or(BuildError::MissingEnvironment)?;
        let base_url = checked_base_url(environment.url()?)?;
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| concat!("atlas-pay/", env!("CARGO_PKG_VERSION")).to_owned());
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| BuildError::InvalidHeader("User-Agent"))?;
        let http = match self.http {
            Some(client) => client,
            None => reqwest::Client::builder()
                .connect_timeout(self.connect_timeout)
                .timeout(self.timeout)
                .user_agent(user_agent)
                .gzip(true)
                .build()
                .map_err(BuildError::Http)?,
        };
        let accept = match self.accept {
            None => Some(HeaderValue::from_static("application/json")),
            Some(None) => None,
            Some(Some(text)) => Some(
                HeaderValue::from_str(&text).map_err(|_| BuildError::InvalidHeader("Accept"))?,
            ),
        };
        if let Some(accept) = accept {
            headers.insert(reqwest::header::ACCEPT, accept);
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(BuildError::InvalidBaseUrl(base_url.to_string()));
        }
        // Each operation's path is appended to this, as the generated
        // client joins them.
        let root = base_url.as_str().trim_end_matches('/').to_owned();
        let api = crate::transport::Http {
            client: http,
            headers,
            root,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                api,
                base_url,
                clock: self.clock,
                settings: self.settings,
                timeout: self.timeout,
                #[cfg(feature = "journal")]
                journal: self.journal,
            }),
        })
    }
}

fn sensitive(value: &str, what: &'static str) -> Result<HeaderValue, BuildError> {
    let mut header =
        HeaderValue::from_str(value).map_err(|_| BuildError::InvalidCredential(what))?;
    header.set_sensitive(true);
    Ok(header)
}

fn checked_base_url(url: Url) -> Result<Url, BuildError> {
    match url.scheme() {
        "https" => Ok(url),
        "http" => {
            let loopback = match url.host() {
                Some(url::Host::Domain(domain)) => domain.eq_ignore_ascii_case("localhost"),
                Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
                Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
                None => false,
            };
            if loopback {
                Ok(url)
            } else {
                Err(BuildError::InsecureBaseUrl(url.to_string()))
            }
        }
        _ => Err(BuildError::InvalidBaseUrl(url.to_string())),
    }
}

struct Inner {
    api: crate::transport::Http,
    base_url: Url,
    clock: SharedClock,
    settings: Settings,
    /// The whole-call timeout the client was built with.
    timeout: Duration,
    #[cfg(feature = "journal")]
    journal: Option<crate::journal::Journal>,
}

/// The Atlas payment client. Cheap to clone; clones share one connection
/// pool, so build one and share it across tasks.
///
/// The client never resends a payment by itself: see the crate docs.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url.as_str())
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder {
            client_id: None,
            client_secret: None,
            environment: None,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            timeout: DEFAULT_TIMEOUT,
            user_agent: None,
            accept: None,
            http: None,
            clock: SharedClock::default(),
            settings: Settings::default(),
            #[cfg(feature = "journal")]
            journal: None,
        }
    }

    /// A client from the environment: `ATLAS_CLIENT_ID`,
    /// `ATLAS_CLIENT_SECRET` and `ATLAS_BASE_URL`, all three required.
    ///
    /// `ATLAS_BASE_URL` is your Atlas transaction URL (from your Atlas
    /// profile; `https` only, plain `http` to loopback for a local sandbox),
    /// or the word `sandbox` for Atlas's public sandbox. Nothing defaults:
    /// a missing variable is [`BuildError::MissingEnv`], naming every one
    /// that is missing.
    pub fn from_env() -> Result<Client, BuildError> {
        Client::from_lookup(|name| std::env::var(name).ok())
    }

    fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Client, BuildError> {
        const NAMES: [&str; 3] = ["ATLAS_CLIENT_ID", "ATLAS_CLIENT_SECRET", "ATLAS_BASE_URL"];
        let values = NAMES.map(|name| lookup(name).filter(|v| !v.trim().is_empty()));
        let missing: Vec<&'static str> = NAMES
            .iter()
            .zip(&values)
            .filter(|(_, value)| value.is_none())
            .map(|(name, _)| *name)
            .collect();
        let [Some(id), Some(secret), Some(url)] = values else {
            return Err(BuildError::MissingEnv(missing));
        };
        let environment = if url.trim().eq_ignore_ascii_case("sandbox") {
            Environment::Sandbox
        } else {
            Environment::custom(url.trim())?
        };
        Client::builder()
            .credentials(id, secret)
            .environment(environment)
            .build()
    }

    /// The base URL calls go to.
    pub fn base_url(&self) -> &Url {
        &self.inner.base_url
    }

    /// Now on the client's [`Clock`]: read it just before `pay`, and pass it
    /// to [`Reconcile::since`](crate::Reconcile::since) if the outcome is
    /// uncertain.
    pub fn now(&self) -> ClientInstant {
        self.inner.clock.now()
    }

    /// The month on the client's clock: build cards with
    /// [`CardBuilder::as_of`](crate::CardBuilder::as_of)`(client.today())` so
    /// that expiry is judged on the same clock as everything else (the
    /// sandbox's calendar for a sandbox client, the real month otherwise).
    pub fn today(&self) -> YearMonth {
        self.inner.clock.0.today()
    }

    /// The identity of the client's clock.
    pub(crate) fn clock_id(&self) -> usize {
        self.inner.clock.id()
    }

    /// The shared call path's HTTP side (client, base URL, headers).
    /// The whole-call timeout the client was built with.
    #[cfg_attr(not(feature = "journal"), allow(dead_code))]
    pub(crate) fn timeout(&self) -> Duration {
        self.inner.timeout
    }

    /// The journal of attempts, if the client has one.
    #[cfg(feature = "journal")]
    pub(crate) fn journal(&self) -> Option<&crate::journal::Journal> {
        self.inner.journal.as_ref()
    }

    pub(crate) fn http(&self) -> &crate::transport::Http {
        &self.inner.api
    }

    /// The client's clock.
    pub(crate) fn clock(&self) -> &dyn Clock {
        self.inner.clock.0.as_ref()
    }

    /// An operation's setting, or its default when the builder was not
    /// given one.
    pub(crate) fn setting<T: Clone + Default + Send + Sync + 'static>(&self) -> T {
        self.inner.settings.get::<T>().cloned().unwrap_or_default()
    }
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::MissingCredentials => {
                f.write_str("no credentials: call `credentials(client_id, client_secret)`")
            }
            BuildError::InvalidCredential(which) => {
                write!(
                    f,
                    "the {which} contains characters an HTTP header cannot carry"
                )
            }
            BuildError::InvalidBaseUrl(url) => write!(f, "{url:?} is not a usable base URL"),
            BuildError::InsecureBaseUrl(url) => write!(
                f,
                "refusing plain http to {url}: use https (plain http is allowed only to loopback)"
            ),
            BuildError::InvalidHeader(which) => write!(
                f,
                "the {which} value contains characters an HTTP header cannot carry"
            ),
            BuildError::MissingEnvironment => f.write_str(
                "no environment: call `environment(Environment::Sandbox)` for Atlas's public \
                 sandbox or `environment(Environment::custom(url)?)` for your transaction URL",
            ),
            BuildError::MissingEnv(names) => write!(
                f,
                "environment variable{} {} not set (ATLAS_BASE_URL: your Atlas transaction URL, \
                 or `sandbox` for Atlas's public sandbox)",
                if names.len() == 1 { "" } else { "s" },
                names.join(", ")
            ),
            BuildError::Http(error) => write!(f, "cannot build the HTTP client: {error}"),
        }
    }
}

impl std::error::Error for BuildError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BuildError::Http(error) => Some(error),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn build(url: &str) -> Result<Client, BuildError> {
        Client::builder()
            .credentials("id", "secret")
            .environment(Environment::custom(url)?)
            .build()
    }

    #[test]
    fn plain_http_only_to_loopback() {
        assert!(build("http://127.0.0.1:8080").is_ok());
        assert!(build("http://[::1]:8080").is_ok());
        assert!(build("http://localhost:8080").is_ok());
        assert!(matches!(
            build("http://example.com"),
            Err(BuildError::InsecureBaseUrl(_))
        ));
        assert!(matches!(
            build("ftp://example.com"),
            Err(BuildError::InvalidBaseUrl(_))
        ));
        assert!(matches!(
            build("not a url"),
            Err(BuildError::InvalidBaseUrl(_))
        ));
        assert!(build("https://atlas.example.com/").is_ok());
    }

    #[test]
    fn credentials_a_header_cannot_carry_are_a_build_error() {
        for (id, secret, what) in [
            ("id\r\nx-evil: 1", "secret", "client id"),
            ("id", "sec\nret", "client secret"),
            ("id", "sec\0ret", "client secret"),
        ] {
            let result = Client::builder()
                .credentials(id, secret)
                .environment(Environment::Sandbox)
                .build();
            assert!(
                matches!(result, Err(BuildError::InvalidCredential(w)) if w == what),
                "{id:?} {secret:?}"
            );
        }
        assert!(matches!(
            Client::builder().build(),
            Err(BuildError::MissingCredentials)
        ));
    }

    #[test]
    fn from_env_reads_the_three_variables_and_never_defaults_to_the_sandbox() {
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            }
        };
        let client = Client::from_lookup(vars(&[
            ("ATLAS_CLIENT_ID", "id"),
            ("ATLAS_CLIENT_SECRET", "secret"),
            ("ATLAS_BASE_URL", "http://127.0.0.1:9"),
        ]))
        .unwrap();
        assert_eq!(client.base_url().as_str(), "http://127.0.0.1:9/");
        // The sandbox only when asked for by name.
        let sandbox = Client::from_lookup(vars(&[
            ("ATLAS_CLIENT_ID", "id"),
            ("ATLAS_CLIENT_SECRET", "s"),
            ("ATLAS_BASE_URL", "sandbox"),
        ]))
        .unwrap();
        assert_eq!(
            sandbox.base_url().as_str(),
            "https://sandbox.atriptech.com/"
        );
        // Nothing set: every variable is named.
        let error = Client::from_lookup(vars(&[])).unwrap_err();
        assert!(
            matches!(&error, BuildError::MissingEnv(names)
                if names == &["ATLAS_CLIENT_ID", "ATLAS_CLIENT_SECRET", "ATLAS_BASE_URL"]),
            "{error:?}"
        );
        assert!(error.to_string().contains("ATLAS_BASE_URL"), "{error}");
        // Credentials but no URL: a start-up error, not the sandbox.
        assert!(matches!(
            Client::from_lookup(vars(&[("ATLAS_CLIENT_ID", "id"), ("ATLAS_CLIENT_SECRET", "s")])),
            Err(BuildError::MissingEnv(names)) if names == ["ATLAS_BASE_URL"]
        ));
        assert!(matches!(
            Client::from_lookup(vars(&[
                ("ATLAS_CLIENT_ID", "id"),
                ("ATLAS_CLIENT_SECRET", "s"),
                ("ATLAS_BASE_URL", "http://example.com"),
            ])),
            Err(BuildError::InsecureBaseUrl(_))
        ));
    }

    #[test]
    fn the_builder_never_picks_an_environment() {
        assert!(matches!(
            Client::builder().credentials("id", "s").build(),
            Err(BuildError::MissingEnvironment)
        ));
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let builder = Client::builder()
            .credentials("my-id", "TOPSECRET")
            .environment(Environment::Sandbox);
        assert!(!format!("{builder:?}").contains("TOPSECRET"));
        let client = builder.build().unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("TOPSECRET"), "{shown}");
        assert!(shown.contains("sandbox.atriptech.com"), "{shown}");
    }
}
