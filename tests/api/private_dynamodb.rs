//! A DynamoDB Local of one test's own, on disk, that the test stops and starts again (the
//! shared one of `dynamodb_local.rs` must stay up for the others). Its data survives a
//! restart, as a real table's does; the directory is removed when it is dropped.

use std::path::PathBuf;
use std::process::{Child, ChildStdin};

use crate::dynamodb_local::{check_java, free_port, launch};

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
        let storage = format!("-sharedDb -dbPath '{}'", self.data.display());
        let running = launch(&storage, self.port).unwrap_or_else(|message| panic!("{message}"));
        self.running = Some(running);
    }
}

impl Drop for PrivateDynamo {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_dir_all(&self.data);
    }
}
