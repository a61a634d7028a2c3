//! Why a photo could not be turned into pixels: one clear line each.

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("cannot read {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is empty")]
    Empty { path: String },
    #[error("cannot decode {path}: {source}")]
    Decode {
        path: String,
        #[source]
        source: image::ImageError,
    },
    #[error("cannot decode {path}: {message}")]
    Jpeg { path: String, message: String },
    #[error("cannot decode {path}: {message}")]
    Heif { path: String, message: String },
    #[error(
        "{path} is {width}x{height}: over the size limit ({max_pixels} pixels, {max_side} a side)"
    )]
    TooLarge {
        path: String,
        width: u32,
        height: u32,
        max_pixels: u64,
        max_side: u32,
    },
}
