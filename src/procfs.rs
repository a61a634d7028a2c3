//! Reading process and shared-memory state from /proc and /dev/shm, for diagnostics and tests.
//! Never called on the render thread.

/// True if `pid` exists and is not a zombie.
pub fn is_alive(pid: u32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| state_and_parent(&stat).map(|(state, _)| state))
        .is_some_and(|state| state != 'Z' && state != 'X')
}

/// The parent of `pid`, if it exists.
pub fn parent_of(pid: u32) -> Option<u32> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    state_and_parent(&stat).map(|(_, parent)| parent)
}

/// Process ids whose parent is `pid`.
pub fn children_of(pid: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok()?.file_name().to_str()?.parse::<u32>().ok())
        .filter(|child| parent_of(*child) == Some(pid))
        .collect()
}

/// The worker processes (`framewave worker ...`) among the descendants of `pid`: the show
/// runs as its parent's child, and its workers are that child's.
pub fn workers_under(pid: u32) -> Vec<u32> {
    let mut workers = Vec::new();
    let mut queue = vec![pid];
    while let Some(parent) = queue.pop() {
        for child in children_of(parent) {
            let cmdline = std::fs::read(format!("/proc/{child}/cmdline")).unwrap_or_default();
            let is_worker = cmdline.split(|&b| b == 0).nth(1) == Some(b"worker".as_slice());
            if is_worker {
                workers.push(child);
            } else {
                queue.push(child);
            }
        }
    }
    workers
}

/// State letter and parent pid from a /proc/<pid>/stat line. The command name sits in
/// parentheses and may itself contain spaces and parentheses: parse after the last ')'.
fn state_and_parent(stat: &str) -> Option<(char, u32)> {
    let (_, rest) = stat.rsplit_once(") ")?;
    let mut fields = rest.split(' ');
    let state = fields.next()?.chars().next()?;
    let parent = fields.next()?.parse().ok()?;
    Some((state, parent))
}

/// Names in /dev/shm, sorted.
pub fn shm_entries() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir("/dev/shm")
        .map(|entries| {
            entries
                .filter_map(|e| e.ok()?.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Resident set size from /proc/self/statm.
pub fn resident_bytes() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * rustix::param::page_size() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_stat_lines_with_awkward_command_names() {
        let stat = "1234 (my (odd) prog) S 77 1234 1234 0 -1";
        assert_eq!(state_and_parent(stat), Some(('S', 77)));
    }

    #[test]
    fn this_process_is_alive_and_its_own_parent_is_known() {
        assert!(is_alive(std::process::id()));
        assert!(parent_of(std::process::id()).is_some());
    }
}
