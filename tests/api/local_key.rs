//! The local server refuses to sign moderator tokens with the development key published in the
//! source when anyone else could reach it: the binary itself, as an operator would start it.

use std::process::Command;

fn serve(args: &[&str], secret: Option<&str>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_immunoguide"));
    command
        .args(args)
        .args(["--no-site"])
        .env_remove("LOCAL_JWT_SECRET")
        .env_remove("DYNAMODB_ENDPOINT")
        .env_remove("IMMUNOGUIDE_ADDR");
    if let Some(secret) = secret {
        command.env("LOCAL_JWT_SECRET", secret);
    }
    command.output().expect("the binary runs")
}

#[test]
fn the_published_key_is_refused_beyond_loopback_or_with_remote_data() {
    let cases: [&[&str]; 2] = [
        &["--addr", "0.0.0.0:0"],
        &[
            "--addr",
            "127.0.0.1:0",
            "--dynamodb-endpoint",
            "https://dynamodb.eu-west-1.amazonaws.com",
        ],
    ];
    for args in cases {
        for secret in [
            None,
            Some("immunoguide-local-development-key-never-deployed"),
        ] {
            let output = serve(args, secret);
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!output.status.success(), "{args:?} started");
            assert!(stderr.contains("LOCAL_JWT_SECRET"), "{args:?}: {stderr}");
            assert!(stderr.contains("development key"), "{args:?}: {stderr}");
        }
    }
}
