//! Hyprland's request socket: `j/clients` lists the windows as JSON,
//! `dispatch focuswindow address:0x…` focuses one. One request a connection.

use std::io::{Read, Write};
use std::os::unix::net::UnixStream;
use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::{OpenWindow, WindowId};

const TIMEOUT: Duration = Duration::from_secs(2);

fn request(socket: &Path, text: &str) -> Result<String, String> {
    let fail = |e: std::io::Error| format!("Hyprland's socket at {}: {e}", socket.display());
    let mut stream = UnixStream::connect(socket).map_err(fail)?;
    stream.set_read_timeout(Some(TIMEOUT)).map_err(fail)?;
    stream.write_all(text.as_bytes()).map_err(fail)?;
    let mut reply = String::new();
    stream.read_to_string(&mut reply).map_err(fail)?;
    Ok(reply)
}

pub(super) fn list(socket: &Path, own_pid: u32) -> Result<Vec<OpenWindow>, String> {
    let reply = request(socket, "j/clients")?;
    parse(&reply, own_pid)
}

pub(super) fn parse(reply: &str, own_pid: u32) -> Result<Vec<OpenWindow>, String> {
    let clients: Value =
        serde_json::from_str(reply).map_err(|e| format!("Hyprland: unreadable clients: {e}"))?;
    Ok(clients
        .as_array()
        .into_iter()
        .flatten()
        .filter(|c| c["mapped"].as_bool() != Some(false))
        .filter(|c| c["pid"].as_u64() != Some(u64::from(own_pid)))
        .filter_map(|c| {
            Some(OpenWindow {
                id: WindowId::Hyprland(c["address"].as_str()?.to_string()),
                title: c["title"].as_str().unwrap_or_default().to_string(),
                app: c["class"].as_str().unwrap_or_default().to_string(),
                workspace: c["workspace"]["name"].as_str().map(str::to_string),
            })
        })
        .collect())
}

pub(super) fn focus(socket: &Path, address: &str) -> Result<(), String> {
    let reply = request(socket, &format!("dispatch focuswindow address:{address}"))?;
    match reply.trim() {
        "ok" => Ok(()),
        other => Err(format!("Hyprland would not focus the window: {other}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_clients() {
        let reply = r#"[
          {"address":"0x5a1","mapped":true,"pid":10,"class":"kitty","title":"~","workspace":{"id":1,"name":"1"}},
          {"address":"0x5a2","mapped":false,"pid":11,"class":"x","title":"hidden","workspace":{"id":1,"name":"1"}},
          {"address":"0x5a3","mapped":true,"pid":7,"class":"skit","title":"skit","workspace":{"id":1,"name":"1"}}
        ]"#;
        let windows = parse(reply, 7).unwrap();
        assert_eq!(windows.len(), 1);
        assert_eq!(windows[0].id, WindowId::Hyprland("0x5a1".into()));
        assert_eq!(windows[0].workspace.as_deref(), Some("1"));
    }
}
