//! Music files (WAV, FLAC, MP3, Ogg Vorbis) read to mono samples, through symphonia. Every way
//! a file can be wrong is one clear error.

use std::path::{Path, PathBuf};

use symphonia::core::codecs::audio::AudioDecoderOptions;
use symphonia::core::errors::Error as MediaError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, TrackType};
use symphonia::core::io::MediaSourceStream;
use symphonia::core::meta::MetadataOptions;

/// A recording as mono samples (the channels averaged), -1..1.
#[derive(Debug, Clone, PartialEq)]
pub struct Recording {
    pub samples: Vec<f32>,
    pub sample_rate: u32,
}

#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("cannot open {path}")]
    Open {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path} is not a music file framewave reads (WAV, FLAC, MP3, Ogg Vorbis): {why}")]
    Unsupported { path: PathBuf, why: String },
    #[error("{path} is corrupt: {why}")]
    Corrupt { path: PathBuf, why: String },
    #[error("{path} holds no sound")]
    Empty { path: PathBuf },
}

/// Reads all of `path` to mono samples. A packet that does not decode is passed over (as
/// players do); a file of which nothing decodes is corrupt.
pub fn read(path: &Path) -> Result<Recording, ReadError> {
    let file = std::fs::File::open(path).map_err(|source| ReadError::Open {
        path: path.to_owned(),
        source,
    })?;
    let unsupported = |why: String| ReadError::Unsupported {
        path: path.to_owned(),
        why,
    };
    let corrupt = |why: String| ReadError::Corrupt {
        path: path.to_owned(),
        why,
    };
    let stream = MediaSourceStream::new(Box::new(file), Default::default());
    let mut hint = Hint::new();
    if let Some(extension) = path.extension().and_then(|e| e.to_str()) {
        hint.with_extension(extension);
    }
    let mut format = symphonia::default::get_probe()
        .probe(
            &hint,
            stream,
            FormatOptions::default(),
            MetadataOptions::default(),
        )
        .map_err(|e| unsupported(e.to_string()))?;
    let track = format
        .default_track(TrackType::Audio)
        .ok_or_else(|| unsupported("no audio track".to_owned()))?;
    let track_id = track.id;
    let params = track
        .codec_params
        .as_ref()
        .and_then(|params| params.audio())
        .ok_or_else(|| unsupported("no audio codec".to_owned()))?;
    let mut decoder = symphonia::default::get_codecs()
        .make_audio_decoder(params, &AudioDecoderOptions::default())
        .map_err(|e| unsupported(e.to_string()))?;
    let mut samples = Vec::new();
    let mut interleaved: Vec<f32> = Vec::new();
    let mut sample_rate = None;
    let mut bad_packets = 0usize;
    loop {
        let packet = match format.next_packet() {
            Ok(Some(packet)) => packet,
            Ok(None) => break,
            // A stream cut short ends where it is cut.
            Err(MediaError::IoError(e)) if e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) if samples.is_empty() => return Err(corrupt(e.to_string())),
            Err(_) => break,
        };
        if packet.track_id != track_id {
            continue;
        }
        match decoder.decode(&packet) {
            Ok(buffer) => {
                let channels = buffer.spec().channels().count().max(1);
                sample_rate.get_or_insert(buffer.spec().rate());
                interleaved.resize(buffer.samples_interleaved(), 0.0);
                buffer.copy_to_slice_interleaved(&mut interleaved);
                samples.extend(
                    interleaved
                        .chunks_exact(channels)
                        .map(|frame| frame.iter().sum::<f32>() / channels as f32),
                );
            }
            Err(MediaError::DecodeError(_)) => bad_packets += 1,
            Err(e) => return Err(corrupt(e.to_string())),
        }
    }
    match sample_rate {
        Some(sample_rate) if !samples.is_empty() => Ok(Recording {
            samples,
            sample_rate,
        }),
        _ if bad_packets > 0 => Err(corrupt(format!("none of its {bad_packets} packets decode"))),
        _ => Err(ReadError::Empty {
            path: path.to_owned(),
        }),
    }
}
