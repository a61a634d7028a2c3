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
