//! The shape of the code, checked on every test run (see
//! `docs/ARCHITECTURE.md`):
//! - the top-level modules of `app/src` (feature folders and the shared
//!   modules below them) import each other without a cycle;
//! - no Rust file outside the `tests` crate is longer than 600 lines;
//! - every page title goes through `components::PageTitle`, which escapes it;
//! - every `/api/v1` route is registered with its OpenAPI description and
//!   its handler speaks typed structs, not JSON values;
//! - no status or role is compared as a string literal outside its enum.
//!
//! An import is any `crate::NAME` path in code (comments left out), in a
//! `use` line or inline: both tie the two modules together.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Longest Rust file allowed outside the `tests` crate.
const MAX_LINES: usize = 600;

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("the tests crate lives in the workspace")
        .to_path_buf()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file without its comments (line and block), so that a doc
/// comment naming another module is not an import.
fn code_of(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        if rest.starts_with("//") {
            let end = rest.find('\n').unwrap_or(rest.len());
            rest = &rest[end..];
        } else if rest.starts_with("/*") {
            let end = rest.find("*/").map(|i| i + 2).unwrap_or(rest.len());
            rest = &rest[end..];
        } else {
            let ch = rest.chars().next().unwrap_or(' ');
            out.push(ch);
            rest = &rest[ch.len_utf8()..];
        }
    }
    out
}

/// The top-level module a file of `app/src` belongs to (`checkout` for
/// `checkout/place.rs`, `forms` for `forms.rs`).
fn top_module(src: &Path, file: &Path) -> Option<String> {
    let first = file.strip_prefix(src).ok()?.components().next()?;
    let name = first.as_os_str().to_str()?;
    Some(name.trim_end_matches(".rs").to_owned())
}

/// Module → the other top-level modules it names, with one file that does.
fn module_graph(src: &Path) -> BTreeMap<String, BTreeMap<String, PathBuf>> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let modules: BTreeSet<String> = files
        .iter()
        .filter_map(|f| top_module(src, f))
        .filter(|m| m != "lib")
        .collect();
    let mut graph: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for file in &files {
        let Some(from) = top_module(src, file).filter(|m| m != "lib") else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(file).unwrap_or_default());
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if name != from && modules.contains(&name) {
                graph
                    .entry(from.clone())
                    .or_default()
                    .entry(name)
                    .or_insert_with(|| file.clone());
            }
        }
    }
    graph
}

/// A cycle of the graph, if there is one, as the modules along it.
fn find_cycle(graph: &BTreeMap<String, BTreeMap<String, PathBuf>>) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeMap<String, PathBuf>>,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        marks.insert(node.to_owned(), Mark::Open);
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flat_map(|m| m.keys()) {
            match marks.get(next.as_str()) {
                Some(Mark::Open) => {
                    let start = path.iter().position(|p| p == next).unwrap_or(0);
                    let mut cycle = path[start..].to_vec();
                    cycle.push(next.clone());
                    return Some(cycle);
                }
                Some(Mark::Done) => {}
                None => {
                    if let Some(cycle) = visit(next, graph, marks, path) {
                        return Some(cycle);
                    }
                }
            }
        }
        path.pop();
        marks.insert(node.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    for node in graph.keys() {
        if !marks.contains_key(node.as_str()) {
            if let Some(cycle) = visit(node, graph, &mut marks, &mut Vec::new()) {
                return Some(cycle);
            }
        }
    }
    None
}

#[test]
fn app_modules_import_each_other_without_a_cycle() {
    let src = workspace().join("app/src");
    let graph = module_graph(&src);
    assert!(
        graph.len() > 10,
        "the app's modules were not found: {graph:?}"
    );
    if let Some(cycle) = find_cycle(&graph) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|w| {
                let file = &graph[&w[0]][&w[1]];
                format!("{} -> {} ({})", w[0], w[1], file.display())
            })
            .collect();
        panic!("import cycle among app modules:\n{}", steps.join("\n"));
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    // The check above must be able to fail.
    let mut graph: BTreeMap<String, BTreeMap<String, PathBuf>> = BTreeMap::new();
    for (a, b) in [
        ("cart", "catalog"),
        ("catalog", "search"),
        ("search", "cart"),
    ] {
        graph
            .entry(a.into())
            .or_default()
            .insert(b.into(), PathBuf::new());
    }
    assert_eq!(
        find_cycle(&graph),
        Some(vec![
            "cart".into(),
            "catalog".into(),
            "search".into(),
            "cart".into()
        ])
    );
    graph.get_mut("search").unwrap().clear();
    assert_eq!(find_cycle(&graph), None);
    assert_eq!(
        code_of("use a; // crate::x\n/* crate::y */ crate::z"),
        "use a; \n crate::z"
    );
}

#[test]
fn every_page_title_goes_through_page_title() {
    // leptos_meta writes a `<Title>`'s text into the head unescaped;
    // `components::PageTitle` escapes it (issue 24, findings 1 and 2).
    let src = workspace().join("app/src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let raw: Vec<String> = files
        .iter()
        .filter(|f| !f.ends_with("components.rs"))
        .filter(|f| {
            let code = code_of(&std::fs::read_to_string(f).unwrap_or_default());
            code.contains("<Title") || code.contains("leptos_meta::Title")
        })
        .map(|f| f.display().to_string())
        .collect();
    assert!(
        raw.is_empty(),
        "use components::PageTitle, not leptos_meta's Title, in:\n{}",
        raw.join("\n")
    );
}

#[test]
fn no_rust_file_outside_the_tests_crate_is_over_600_lines() {
    let root = workspace();
    let mut long = Vec::new();
    for crate_dir in [
        "app",
        "frontend",
        "migrations",
        "search-index",
        "server",
        "xtask",
    ] {
        let mut files = Vec::new();
        rust_files(&root.join(crate_dir), &mut files);
        for file in files {
            let lines = std::fs::read_to_string(&file)
                .map(|t| t.lines().count())
                .unwrap_or(0);
            if lines > MAX_LINES {
                long.push(format!("{} ({lines} lines)", file.display()));
            }
        }
    }
    assert!(
        long.is_empty(),
        "files over {MAX_LINES} lines: split them by what they do:\n{}",
        long.join("\n")
    );
}

/// The `/api/v1` files, without comments.
fn api_sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&workspace().join("server/src/http/api"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let code = code_of(&std::fs::read_to_string(&f).unwrap_or_default());
            (f, code)
        })
        .collect()
}

#[test]
fn every_api_route_is_registered_with_its_description() {
    // `routes!` takes a route's method and path from the handler's
    // `#[utoipa::path]`, so the router and the OpenAPI document cannot
    // drift apart; a bare `.route(` would serve an undescribed path.
    let bare: Vec<String> = api_sources()
        .into_iter()
        .filter(|(_, code)| {
            [
                ".route(",
                ".route_service(",
                ".nest(",
                ".nest_service(",
                ".merge(",
            ]
            .iter()
            .any(|call| code.contains(call))
        })
        .map(|(f, _)| f.display().to_string())
        .collect();
    assert!(
        bare.is_empty(),
        "register /api/v1 routes with `.routes(routes!(handler))`, not bare routes, in:\n{}",
        bare.join("\n")
    );
    let http = code_of(
        &std::fs::read_to_string(workspace().join("server/src/http/mod.rs")).unwrap_or_default(),
    );
    assert_eq!(
        http.matches("\"/api/v1").count(),
        1,
        "only api::router serves /api/v1"
    );
}

#[test]
fn api_handlers_take_and_return_typed_structs() {
    let untyped: Vec<String> = api_sources()
        .into_iter()
        .filter(|(_, code)| {
            code.contains("Json<Value>")
                || code.contains("Json<serde_json::Value>")
                || code.contains("json!(")
        })
        .map(|(f, _)| f.display().to_string())
        .collect();
    assert!(
        untyped.is_empty(),
        "declare request and response structs (with ToSchema) instead of JSON values in:\n{}",
        untyped.join("\n")
    );
}

/// The code of a file up to its unit tests (`#[cfg(test)]`), comments left
/// out.
fn production_code(text: &str) -> String {
    let code = code_of(text);
    match code.find("#[cfg(test)]") {
        Some(at) => code[..at].to_owned(),
        None => code,
    }
}

/// Words stored as statuses or roles: orders, payments, stock holds,
/// events, event registrations, accounts.
const STORED_WORDS: [&str; 20] = [
    "pending",
    "confirmed",
    "packed",
    "shipped",
    "delivered",
    "cancelled",
    "paid",
    "refunded",
    "held",
    "released",
    "draft",
    "scheduled",
    "live",
    "finished",
    "approved",
    "rejected",
    "shopper",
    "member",
    "officer",
    "admin",
];

/// Each place in `code` where a status or role is compared with a string
/// literal: `x.status == "..."`, `"paid" != y`, `matches!(x.role.as_str(),
/// "admin" | ...)`, `match x.status.as_str() {`.
fn string_comparisons(code: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in code.lines() {
        let trimmed = line.trim();
        for op in ["== \"", "!= \""] {
            if let Some(at) = trimmed.find(op) {
                let left = trimmed[..at].trim_end();
                let operand = left
                    .rsplit(|c: char| c.is_whitespace() || c == '(' || c == '!' || c == '&')
                    .next()
                    .unwrap_or("")
                    .to_lowercase();
                if operand.contains("status") || operand.contains("role") {
                    found.push(trimmed.to_owned());
                }
            }
        }
        for word in STORED_WORDS {
            for op in ["\" ==", "\" !="] {
                if trimmed.contains(&format!("\"{word}{op}")) {
                    found.push(trimmed.to_owned());
                }
            }
        }
        let lower = trimmed.to_lowercase();
        if (lower.contains("matches!(") || lower.starts_with("match "))
            && (lower.contains("status") || lower.contains("role"))
            && lower.contains(".as_str()")
        {
            found.push(trimmed.to_owned());
        }
    }
    found
}

#[test]
fn no_status_or_role_is_compared_as_a_string() {
    // Statuses and roles are enums (`app/src/domain/status.rs` and the
    // events' own): their stored words appear only there.
    let root = workspace();
    let mut offending = Vec::new();
    for dir in ["app/src", "server/src"] {
        let mut files = Vec::new();
        rust_files(&root.join(dir), &mut files);
        for file in files {
            let code = production_code(&std::fs::read_to_string(&file).unwrap_or_default());
            for line in string_comparisons(&code) {
                offending.push(format!("{}: {line}", file.display()));
            }
        }
    }
    assert!(
        offending.is_empty(),
        "compare the status or role enums, not their stored words:\n{}",
        offending.join("\n")
    );
}

#[test]
fn the_string_comparison_finder_finds_them() {
    let code = "if order.status == \"paid\" {}\nlet a = \"admin\" != user.role;\nmatches!(r.status.as_str(), \"draft\" | \"open\")\nmatch e.status.as_str() {\nlet ok = order.status == OrderStatus::Paid;\nlet x = name == \"paid\";";
    let found = string_comparisons(code);
    assert_eq!(found.len(), 4, "{found:?}");
    assert!(!found.iter().any(|l| l.contains("OrderStatus::Paid")));
    assert!(!found.iter().any(|l| l.contains("name ==")));
}
