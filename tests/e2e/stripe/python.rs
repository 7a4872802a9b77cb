//! Signatures made by Stripe's own library (the `stripe` package from PyPI),
//! installed by the test itself under the target directory. A machine that
//! cannot install it fails the test: a cross-check that silently skips is no
//! cross-check.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

/// Where the package is installed (kept between runs).
fn install_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("pydeps-stripe")
}

fn importable(dir: &Path) -> bool {
    Command::new("python3")
        .args(["-c", "import stripe"])
        .env("PYTHONPATH", dir)
        .output()
        .is_ok_and(|o| o.status.success())
}

static INSTALLED: Mutex<Option<PathBuf>> = Mutex::new(None);

/// The folder to put on `PYTHONPATH` for `import stripe`, installing the
/// package on first use.
fn stripe_package() -> PathBuf {
    let mut installed = INSTALLED.lock().unwrap_or_else(|e| e.into_inner());
    if let Some(dir) = installed.as_ref() {
        return dir.clone();
    }
    let dir = install_dir();
    if !importable(&dir) {
        // Install beside, then move into place: a half-finished install is
        // never mistaken for a good one.
        let staging = dir.with_extension(format!("tmp{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&staging);
        let output = Command::new("python3")
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .arg("--target")
            .arg(&staging)
            .arg("stripe")
            .output()
            .expect("python3 must be installed to cross-check Stripe signatures");
        assert!(
            output.status.success(),
            "pip could not install Stripe's `stripe` package: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::rename(&staging, &dir).expect("move the stripe package into place");
        assert!(
            importable(&dir),
            "`import stripe` fails after installing it"
        );
    }
    *installed = Some(dir.clone());
    dir
}

/// Signs the body through the library's own entry point, and checks the
/// issue's reference vector with it on the way.
const SIGNER: &str = r#"
import sys
import stripe

payload = sys.stdin.buffer.read().decode("utf-8")
secret, timestamp = sys.argv[1], int(sys.argv[2])
signature = stripe.WebhookSignature
reference = signature._compute_signature(
    '1700000000.{"id":"evt_test_webhook","object":"event"}', "whsec_test_secret"
)
assert reference == "d95c6b7477fbd7e9f90b1b0ef5f9c7ac25abca5382460e0d988c2b2a5b71b990", reference
if hasattr(signature, "generate_signature_header"):
    header = signature.generate_signature_header(payload, secret, timestamp)
else:
    # Releases before generate_signature_header: the same HMAC, through
    # the helper that verify_header itself uses.
    signed = "%d.%s" % (timestamp, payload)
    header = "t=%d,v1=%s" % (timestamp, signature._compute_signature(signed, secret))
sys.stderr.write("stripe %s\n" % getattr(stripe, "VERSION", "?"))
print(header)
"#;

/// The `Stripe-Signature` header Stripe's Python library makes for
/// `payload` with `secret` at `timestamp`.
pub fn stripe_python_signature(payload: &str, secret: &str, timestamp: i64) -> String {
    let dir = stripe_package();
    let mut child = Command::new("python3")
        .args(["-c", SIGNER, secret, &timestamp.to_string()])
        .env("PYTHONPATH", &dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(payload.as_bytes())
        .expect("send the payload to python3");
    let output = child.wait_with_output().expect("python3 finishes");
    assert!(
        output.status.success(),
        "the stripe library could not sign: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    eprint!("{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout)
        .expect("UTF-8 header")
        .trim()
        .to_owned()
}
