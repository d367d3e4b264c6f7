//! `cargo run`: the whole immunoguide API on http://127.0.0.1:3000, on embedded stores seeded
//! from the repository. `cargo run -- seed …` loads content into DynamoDB tables;
//! `cargo run -- openapi` prints the API's OpenAPI document; `cargo run -- site-content` writes
//! the pages' text the site prerenders; `cargo run -- glossary-import …`
//! rebuilds the glossary seed file from NCI's XML export.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};
use immunoguide::local_auth::LocalJwtKey;
use immunoguide::tables::{self, TableNames};
use immunoguide::{seed, Options, Stores};
use shared::http::settings::parse_origins;
use shared::http::HttpConfig;

#[derive(Parser)]
#[command(
    version,
    about = "The immunoguide API, locally, and its operator commands"
)]
#[command(args_conflicts_with_subcommands = true)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    #[command(flatten)]
    serve: ServeArgs,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the whole API (the default).
    Serve(ServeArgs),
    /// Load the repository's content and glossary into DynamoDB tables; unchanged items are not
    /// rewritten.
    Seed(SeedArgs),
    /// Print the OpenAPI document.
    Openapi,
    /// Convert NCI's GlossaryTerm XML export into the glossary seed file (see
    /// content/glossary/README.md).
    GlossaryImport(ImportArgs),
    /// Print a moderator token for the local server (signed with the local development key).
    ModeratorToken(TokenArgs),
    /// Print a member token for the local server's `/v1/me` routes, as its development
    /// sign-in gives one (signed with the local development key).
    MemberToken(MemberTokenArgs),
    /// Build the site (web/) if it is missing or older than its sources, as serving does; first
    /// regenerate the pages' text it prerenders (see `site-content`).
    BuildSite(SiteArgs),
    /// Write the pages' text for the site's build (web/src/generated/site-content.json) from
    /// the content folder, as the API serves it; unchanged, the file is not rewritten.
    SiteContent(SiteArgs),
}

#[derive(Args)]
struct SiteArgs {
    /// The site's sources.
    #[arg(long, default_value_os_t = immunoguide::site::default_web_dir())]
    site_dir: PathBuf,
    /// The folder of authored content.
    #[arg(long, default_value_os_t = immunoguide::default_content_dir())]
    content_dir: PathBuf,
}

#[derive(Args)]
struct TokenArgs {
    /// The moderator's id (the `sub` claim).
    #[arg(long, default_value = "local-moderator")]
    subject: String,
    /// Groups to put in `cognito:groups`; repeat for several.
    #[arg(long = "group", default_values_t = [String::from("moderators")])]
    groups: Vec<String>,
    /// Hours until the token expires.
    #[arg(long, default_value_t = 8)]
    hours: i64,
}

#[derive(Args)]
struct MemberTokenArgs {
    /// The member's address; the same address is always the same member.
    #[arg(long)]
    email: String,
    /// Whether the provider vouches for the address (joining the community is then immediate).
    #[arg(long)]
    verified: bool,
    /// `facebook` or `google`.
    #[arg(long, default_value = "facebook", value_parser = ["facebook", "google"])]
    provider: String,
    /// Hours until the token expires.
    #[arg(long, default_value_t = 8)]
    hours: i64,
}

#[derive(Args)]
struct ImportArgs {
    /// NCI's export: `glossaryterm-xml-2016.tar.gz` or its unpacked folder.
    source: PathBuf,
    /// Where to write the seed file.
    #[arg(default_value_os_t = immunoguide::glossary_seed_file(&immunoguide::default_content_dir()))]
    output: PathBuf,
}

#[derive(Args, Clone)]
struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "IMMUNOGUIDE_ADDR", default_value = "127.0.0.1:3000")]
    addr: SocketAddr,
    /// Serve from DynamoDB at this endpoint (for example DynamoDB Local) instead of the
    /// embedded stores. Tables are named by CONTENT_TABLE, STORIES_TABLE, RATE_LIMIT_TABLE and
    /// IDEMPOTENCY_TABLE and GLOSSARY_TABLE, else `<table-prefix>content` and so on.
    #[arg(long, env = "DYNAMODB_ENDPOINT")]
    dynamodb_endpoint: Option<String>,
    #[command(flatten)]
    common: CommonArgs,
    /// Browser origins allowed by CORS, comma-separated.
    #[arg(
        long,
        env = "ALLOWED_ORIGINS",
        default_value = "http://localhost:5173,http://127.0.0.1:5173"
    )]
    allowed_origins: String,
    /// Where the emails' links point; by default this server, which serves the site.
    #[arg(long, env = "FRONTEND_BASE_URL")]
    frontend_base_url: Option<String>,
    /// The site's sources, built into `<site-dir>/dist` when missing or stale.
    #[arg(long, default_value_os_t = immunoguide::site::default_web_dir())]
    site_dir: PathBuf,
    /// Serve the API only: no site, no npm.
    #[arg(long, env = "IMMUNOGUIDE_NO_SITE")]
    no_site: bool,
}

#[derive(Args, Clone)]
struct CommonArgs {
    /// Prefix of the table names when they are not given one by one.
    #[arg(long, env = "TABLE_PREFIX", default_value = "immunoguide-")]
    table_prefix: String,
    /// The folder of authored content.
    #[arg(long, default_value_os_t = immunoguide::default_content_dir())]
    content_dir: PathBuf,
}

#[derive(Args)]
struct SeedArgs {
    /// DynamoDB endpoint (for example http://127.0.0.1:8000 for DynamoDB Local); without it,
    /// the AWS account and region of the ambient AWS configuration.
    #[arg(long, env = "DYNAMODB_ENDPOINT")]
    endpoint: Option<String>,
    /// The content table's name (as deployed: see the stack's ContentTableName output).
    #[arg(long, env = "CONTENT_TABLE")]
    content_table: Option<String>,
    /// The glossary table's name (as deployed: see the stack's GlossaryTableName output).
    #[arg(long, env = "GLOSSARY_TABLE")]
    glossary_table: Option<String>,
    /// Create missing tables first, with the keys of infra/template.yaml (for DynamoDB Local).
    #[arg(long)]
    create_tables: bool,
    #[command(flatten)]
    common: CommonArgs,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    match cli.command {
        None => serve(cli.serve).await,
        Some(Command::Serve(args)) => serve(args).await,
        Some(Command::Seed(args)) => seed(args).await,
        Some(Command::Openapi) => {
            print!("{}", immunoguide::openapi_json());
            Ok(())
        }
        Some(Command::GlossaryImport(args)) => {
            let report = immunoguide::glossary_data::import_to_seed(&args.source, &args.output)?;
            println!("{report}");
            Ok(())
        }
        Some(Command::BuildSite(args)) => {
            site_content(&args).await?;
            immunoguide::site::ensure_built(&args.site_dir)?;
            Ok(())
        }
        Some(Command::SiteContent(args)) => site_content(&args).await,
        Some(Command::ModeratorToken(args)) => {
            let valid_for = chrono::Duration::hours(args.hours);
            println!(
                "{}",
                LocalJwtKey::from_env().mint(&args.subject, &args.groups, valid_for)
            );
            Ok(())
        }
        Some(Command::MemberToken(args)) => {
            let who = immunoguide::local_auth::MemberSignIn {
                email: args.email,
                email_verified: args.verified,
                provider: args.provider,
            };
            let token = LocalJwtKey::from_env()
                .mint_member(&who, chrono::Duration::hours(args.hours))
                .ok_or_else(|| anyhow::anyhow!("--provider is facebook or google"))?;
            println!("{token}");
            Ok(())
        }
    }
}

async fn serve(args: ServeArgs) -> anyhow::Result<()> {
    shared::telemetry::init();
    // First, so that a refused combination stops before any build or connection.
    let moderator_key = LocalJwtKey::for_server(
        std::env::var("LOCAL_JWT_SECRET").ok().as_deref(),
        args.addr,
        args.dynamodb_endpoint.as_deref(),
    )?;
    // Before listening, so that the first page a person opens is the current site.
    let dist = if args.no_site {
        None
    } else {
        // The site's prerendered text is the repository's: serving other content (a test's
        // folder) must not rewrite the committed file; the page's script shows what is served.
        if args.common.content_dir == immunoguide::default_content_dir() {
            site_content(&SiteArgs {
                site_dir: args.site_dir.clone(),
                content_dir: args.common.content_dir.clone(),
            })
            .await?;
        }
        Some(immunoguide::site::ensure_built(&args.site_dir)?)
    };
    let origins = parse_origins(&args.allowed_origins).map_err(anyhow::Error::msg)?;
    let stores = match &args.dynamodb_endpoint {
        Some(endpoint) => {
            let names = TableNames::from_env_or_prefix(&args.common.table_prefix);
            tracing::info!(
                endpoint,
                prefix = args.common.table_prefix,
                "serving from DynamoDB"
            );
            Stores::dynamo(shared::aws::dynamo::client(Some(endpoint)).await, &names)
        }
        None => Stores::embedded(&args.common.content_dir)
            .await
            .with_context(|| {
                format!("loading content from {}", args.common.content_dir.display())
            })?,
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| {
            format!(
                "cannot listen on {} (set --addr or IMMUNOGUIDE_ADDR)",
                args.addr
            )
        })?;
    let address = listener.local_addr()?;
    let mut options = Options::local(HttpConfig::with_origins(origins));
    options.moderator_key = moderator_key;
    // The links in the outbox's emails point at this server: its API and its site.
    options.community.api_base_url = format!("http://{address}");
    options.community.frontend_base_url = args
        .frontend_base_url
        .map(|url| url.trim_end_matches('/').to_owned())
        .unwrap_or_else(|| format!("http://{address}"));
    let api = immunoguide::app(&stores, &options);
    let app = match &dist {
        Some(dist) => immunoguide::site::with_site(api, dist, options.moderator_key.clone()),
        None => api,
    };
    let store = if args.dynamodb_endpoint.is_some() {
        "DynamoDB"
    } else {
        "embedded store"
    };
    println!("immunoguide API listening on http://{address} ({store})");
    if dist.is_some() {
        println!("  the site: http://{address}/");
    }
    println!("  try: curl -i 'http://{address}/v1/pages/clinical-trials-overview?lang=es'");
    println!("       curl -s 'http://{address}/v1/glossary/suggest?q=inmuno&lang=es'");
    println!(
        "  community emails are written to {}",
        immunoguide::default_outbox_dir().display()
    );
    // The peer address feeds per-client rate limits (only as a keyed hash).
    axum::serve(
        listener,
        app.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    Ok(())
}

/// Regenerates the text the site prerenders, saying so when it changed.
async fn site_content(args: &SiteArgs) -> anyhow::Result<()> {
    let written = immunoguide::site::write_site_content(&args.content_dir, &args.site_dir)
        .await
        .with_context(|| format!("the site's text from {}", args.content_dir.display()))?;
    let file = immunoguide::site::content_file(&args.site_dir);
    if written {
        println!("site: wrote {} (commit it)", file.display());
    }
    Ok(())
}

async fn seed(args: SeedArgs) -> anyhow::Result<()> {
    let client = shared::aws::dynamo::client(args.endpoint.as_deref()).await;
    let mut names = TableNames::with_prefix(&args.common.table_prefix);
    if let Some(table) = args.content_table {
        names.content = table;
    }
    if let Some(table) = args.glossary_table {
        names.glossary = table;
    }
    if args.create_tables {
        for table in tables::create_missing(&client, &names, tables::Ttl::AsTemplate).await? {
            println!("created table {table}");
        }
    }
    let glossary = glossary::store::DynamoTermStore::new(client.clone(), &names.glossary);
    let report = seed::seed_glossary(&glossary, &args.common.content_dir)
        .await
        .with_context(|| format!("seeding table {}", names.glossary))?;
    // Thousands of terms: counts, not one line per item.
    println!("{report}");
    let stores = content::store::DynamoPageStore::new(client, &names.content);
    let report = seed::seed_pages(&stores, &args.common.content_dir)
        .await
        .with_context(|| format!("seeding table {}", names.content))?;
    println!("{report}");
    Ok(())
}
