//! A DynamoDB Local of one test's own, on disk, that the test stops and starts again (the
//! shared one of `dynamodb_local.rs` must stay up for the others). Its data survives a
//! restart, as a real table's does; the directory is removed when it is dropped.

use std::net::{SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::time::{Duration, Instant};

use crate::dynamodb_local::{check_java, free_port, jar_dir};

pub struct PrivateDynamo {
    port: u16,
    data: PathBuf,
    running: Option<(Child, ChildStdin)>,
}

impl PrivateDynamo {
    pub fn start() -> Self {
        check_java().unwrap_or_else(|message| panic!("{message}"));
        let data = std::env::temp_dir().join(format!(
            "immunoguide-ddb-{}-{}",
            std::process::id(),
            free_port()
        ));
        std::fs::create_dir_all(&data).unwrap();
        let mut dynamo = Self {
            port: free_port(),
            data,
            running: None,
        };
        dynamo.restart();
        dynamo
    }

    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Stops it (SIGTERM, as a host going down does) and waits until it has exited.
    pub fn stop(&mut self) {
        if let Some((mut child, lifeline)) = self.running.take() {
            drop(lifeline);
            let _ = child.wait();
        }
    }

    /// Starts it on the same port and data, and waits until it listens.
    pub fn restart(&mut self) {
        assert!(self.running.is_none(), "stopped first");
        let dir = jar_dir().unwrap_or_else(|message| panic!("{message}"));
        // As in dynamodb_local.rs: `sh` kills Java when its stdin closes (on `stop`, or when
        // the test process ends however it ends), then waits for it to exit.
        let script = format!(
            "java -Djava.library.path='{lib}' -jar '{jar}' -sharedDb -dbPath '{data}' -port {port} -disableTelemetry >/dev/null 2>&1 & \
             java=$!; read _; kill $java; wait $java",
            lib = dir.join("DynamoDBLocal_lib").display(),
            jar = dir.join("DynamoDBLocal.jar").display(),
            data = self.data.display(),
            port = self.port,
        );
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .env_remove("LD_PRELOAD")
            .env_remove("FAKETIME")
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("DynamoDB Local starts");
        let lifeline = child.stdin.take().expect("stdin is piped");
        let address = SocketAddr::from(([127, 0, 0, 1], self.port));
        let started = Instant::now();
        while TcpStream::connect_timeout(&address, Duration::from_millis(200)).is_err() {
            assert!(
                started.elapsed() < Duration::from_secs(60),
                "DynamoDB Local listens on {address}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        self.running = Some((child, lifeline));
    }
}

impl Drop for PrivateDynamo {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
