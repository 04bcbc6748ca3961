//! sway's and i3's IPC: a message is `i3-ipc`, the payload's length and the
//! message type (both u32, native order), then the payload. `GET_TREE` lists
//! the containers; `RUN_COMMAND` `[con_id=N] focus` focuses one.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::{OpenWindow, WindowId};

const MAGIC: &[u8] = b"i3-ipc";
const RUN_COMMAND: u32 = 0;
const GET_TREE: u32 = 4;
const TIMEOUT: Duration = Duration::from_secs(2);

/// Sends one message and reads its reply's payload.
fn request(socket: &Path, kind: u32, payload: &str) -> Result<Value, String> {
    let fail = |e: std::io::Error| format!("sway/i3 IPC at {}: {e}", socket.display());
    let mut stream = UnixStream::connect(socket).map_err(fail)?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(fail)?;
    stream.set_write_timeout(Some(TIMEOUT)).map_err(fail)?;
    let mut message = MAGIC.to_vec();
    message.extend((payload.len() as u32).to_ne_bytes());
    message.extend(kind.to_ne_bytes());
    message.extend(payload.as_bytes());
    stream.write_all(&message).map_err(fail)?;
    let mut header = [0u8; 14];
    stream.read_exact(&mut header).map_err(fail)?;
    if &header[..6] != MAGIC {
        return Err(format!(
            "sway/i3 IPC at {}: not an i3-ipc reply",
            socket.display()
        ));
    }
    let len = u32::from_ne_bytes(header[6..10].try_into().expect("4 bytes")) as usize;
    let mut body = vec![0u8; len];
    stream.read_exact(&mut body).map_err(fail)?;
    serde_json::from_slice(&body).map_err(|e| format!("sway/i3 IPC: unreadable reply: {e}"))
}

pub(super) fn list(socket: &Path, own_pid: u32) -> Result<Vec<OpenWindow>, String> {
    let tree = request(socket, GET_TREE, "")?;
    let mut windows = Vec::new();
    walk(&tree, None, own_pid, &mut windows);
    Ok(windows)
}

pub(super) fn focus(socket: &Path, id: i64) -> Result<(), String> {
    let reply = request(socket, RUN_COMMAND, &format!("[con_id={id}] focus"))?;
    let outcome = reply.as_array().and_then(|all| all.first());
    match outcome {
        Some(o) if o["success"].as_bool() == Some(true) => Ok(()),
        Some(o) => Err(format!(
            "sway/i3 would not focus the window: {}",
            o["error"].as_str().unwrap_or("no reason given")
        )),
        None => Err("sway/i3 gave no answer to focus".into()),
    }
}

/// Collects the windows under `node`; `workspace` is the workspace it is in.
pub(super) fn walk(node: &Value, workspace: Option<&str>, own_pid: u32, out: &mut Vec<OpenWindow>) {
    let kind = node["type"].as_str().unwrap_or_default();
    let workspace = if kind == "workspace" {
        node["name"].as_str().map(|name| match name {
            "__i3_scratch" => "scratchpad",
            name => name,
        })
    } else {
        workspace
    };
    let children = ["nodes", "floating_nodes"]
        .iter()
        .filter_map(|key| node[*key].as_array())
        .flatten()
        .collect::<Vec<_>>();
    // A window: a leaf container with an app id (Wayland) or an X11 window.
    let is_window = (kind == "con" || kind == "floating_con")
        && children.is_empty()
        && (node["app_id"].is_string() || node["window"].is_u64());
    if is_window
        && node["pid"].as_u64() != Some(u64::from(own_pid))
        && let Some(id) = node["id"].as_i64()
    {
        let app = node["app_id"]
            .as_str()
            .or_else(|| node["window_properties"]["class"].as_str())
            .unwrap_or_default();
        out.push(OpenWindow {
            id: WindowId::Container(id),
            title: node["name"].as_str().unwrap_or_default().to_string(),
            app: app.to_string(),
            workspace: workspace.map(str::to_string),
        });
    }
    for child in children {
        walk(child, workspace, own_pid, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::os::unix::net::UnixListener;

    /// A fake sway: answers GET_TREE with `tree` and records RUN_COMMAND payloads.
    fn fake_sway(
        dir: &Path,
        tree: Value,
        requests: usize,
    ) -> (
        std::path::PathBuf,
        std::thread::JoinHandle<Vec<(u32, String)>>,
    ) {
        let path = dir.join("sway.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let handle = std::thread::spawn(move || {
            let mut seen = Vec::new();
            for _ in 0..requests {
                let (mut stream, _) = listener.accept().unwrap();
                let mut header = [0u8; 14];
                stream.read_exact(&mut header).unwrap();
                assert_eq!(&header[..6], MAGIC);
                let len = u32::from_ne_bytes(header[6..10].try_into().unwrap()) as usize;
                let kind = u32::from_ne_bytes(header[10..14].try_into().unwrap());
                let mut body = vec![0u8; len];
                stream.read_exact(&mut body).unwrap();
                let reply = match kind {
                    GET_TREE => tree.to_string(),
                    _ => r#"[{"success":true}]"#.to_string(),
                };
                let mut message = MAGIC.to_vec();
                message.extend((reply.len() as u32).to_ne_bytes());
                message.extend(kind.to_ne_bytes());
                message.extend(reply.as_bytes());
                stream.write_all(&message).unwrap();
                seen.push((kind, String::from_utf8(body).unwrap()));
            }
            seen
        });
        (path, handle)
    }

    fn tree() -> Value {
        serde_json::json!({
            "id": 1, "type": "root", "name": "root", "nodes": [
                {"id": 2, "type": "output", "name": "HEADLESS-1", "nodes": [
                    {"id": 3, "type": "workspace", "name": "1", "nodes": [
                        {"id": 10, "type": "con", "name": "foot: ~", "app_id": "foot", "pid": 100, "nodes": []},
                        {"id": 4, "type": "con", "name": null, "nodes": [
                            {"id": 11, "type": "con", "name": "Firefox", "app_id": null, "window": 4194307,
                             "window_properties": {"class": "firefox"}, "pid": 101, "nodes": []}
                        ]}
                    ], "floating_nodes": [
                        {"id": 12, "type": "floating_con", "name": "skit", "app_id": "skit", "pid": 999, "nodes": []}
                    ]},
                    {"id": 5, "type": "workspace", "name": "2: mail", "nodes": [
                        {"id": 13, "type": "con", "name": "Mail", "app_id": "thunderbird", "pid": 102, "nodes": []}
                    ]}
                ]},
                {"id": 6, "type": "output", "name": "__i3", "nodes": [
                    {"id": 7, "type": "workspace", "name": "__i3_scratch", "nodes": [], "floating_nodes": [
                        {"id": 14, "type": "floating_con", "name": "Notes", "app_id": "notes", "pid": 103, "nodes": []}
                    ]}
                ]}
            ]
        })
    }

    #[test]
    fn lists_the_windows_of_a_tree_with_their_workspaces_and_focuses_by_container() {
        let dir = tempfile::tempdir().unwrap();
        let (socket, server) = fake_sway(dir.path(), tree(), 2);
        let windows = list(&socket, 999).unwrap();
        let seen: Vec<_> = windows
            .iter()
            .map(|w| (w.title.as_str(), w.app.as_str(), w.workspace.as_deref()))
            .collect();
        assert_eq!(
            seen,
            [
                ("foot: ~", "foot", Some("1")),
                ("Firefox", "firefox", Some("1")),
                ("Mail", "thunderbird", Some("2: mail")),
                ("Notes", "notes", Some("scratchpad")),
            ]
        );
        assert_eq!(windows[2].id, WindowId::Container(13));
        focus(&socket, 13).unwrap();
        let requests = server.join().unwrap();
        assert_eq!(requests[0], (GET_TREE, String::new()));
        assert_eq!(requests[1], (RUN_COMMAND, "[con_id=13] focus".to_string()));
    }

    #[test]
    fn a_refused_focus_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sway.sock");
        let listener = UnixListener::bind(&path).unwrap();
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let mut header = [0u8; 14];
            stream.read_exact(&mut header).unwrap();
            let len = u32::from_ne_bytes(header[6..10].try_into().unwrap()) as usize;
            let mut body = vec![0u8; len];
            stream.read_exact(&mut body).unwrap();
            let reply = r#"[{"success":false,"error":"No matching node"}]"#;
            let mut message = MAGIC.to_vec();
            message.extend((reply.len() as u32).to_ne_bytes());
            message.extend(RUN_COMMAND.to_ne_bytes());
            message.extend(reply.as_bytes());
            stream.write_all(&message).unwrap();
        });
        let e = focus(&path, 42).unwrap_err();
        assert!(e.contains("No matching node"), "{e}");
        server.join().unwrap();
    }
}
