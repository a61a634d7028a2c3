//! naga's errors as one line: they nest, and the innermost cause says what is wrong.

/// An error and its causes, outermost first, in one line.
pub fn error_chain(error: &dyn std::error::Error) -> String {
    let mut causes = vec![error.to_string()];
    let mut cause = error.source();
    while let Some(inner) = cause {
        causes.push(inner.to_string());
        cause = inner.source();
    }
    causes.join(": ")
}

/// Validates `module`, parsed from `source`. On failure: the line of `source` at fault (the
/// innermost span says what is wrong; the outer ones only where) and every cause.
pub fn validate(
    module: &naga::Module,
    source: &str,
) -> Result<naga::valid::ModuleInfo, (Option<usize>, String)> {
    naga::valid::Validator::new(
        naga::valid::ValidationFlags::all(),
        naga::valid::Capabilities::default(),
    )
    .validate(module)
    .map_err(|e| {
        let line = e
            .spans()
            .last()
            .map(|(span, _)| span.location(source).line_number as usize);
        (line, error_chain(e.as_inner()))
    })
}
