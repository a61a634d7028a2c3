//! Camera-sized photos for the benchmarks, generated on first use into
//! target/bench-fixtures/ from a bundled photo.

use std::path::{Path, PathBuf};

/// Writes (once) a 6000x4000 JPEG and a 4000x3000 PNG made from a bundled photo.
pub fn fixtures() -> (PathBuf, PathBuf) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root.join("target/bench-fixtures");
    let jpeg = dir.join("24mp.jpg");
    let png = dir.join("12mp.png");
    if !jpeg.exists() || !png.exists() {
        std::fs::create_dir_all(&dir).unwrap();
        let photo = image::open(root.join("assets/photos/Wood.jpg")).unwrap();
        let mut big = photo
            .resize_exact(6000, 4000, image::imageops::FilterType::CatmullRom)
            .to_rgb8();
        // Sensor-like grain, so the file is as hard to decode as a camera's (several MB).
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for value in big.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *value = value.saturating_add((state % 24) as u8).saturating_sub(12);
        }
        big.save(&jpeg).unwrap();
        let medium = photo.resize_exact(4000, 3000, image::imageops::FilterType::CatmullRom);
        medium.to_rgb8().save(&png).unwrap();
    }
    (jpeg, png)
}
