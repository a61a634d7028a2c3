//! A photo on the GPU: one sRGB texture, uploaded once from prescaled pixels.

/// Borrowed RGBA8 sRGB pixels, rows `stride` bytes apart.
#[derive(Debug, Clone, Copy)]
pub struct PixelsRef<'a> {
    pub width: u32,
    pub height: u32,
    pub stride: u32,
    pub bytes: &'a [u8],
}

/// Cloning is cheap: clones share the same GPU texture.
#[derive(Debug, Clone)]
pub struct PhotoTexture {
    texture: wgpu::Texture,
    pub view: wgpu::TextureView,
    pub width: u32,
    pub height: u32,
}

impl PhotoTexture {
    pub const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8UnormSrgb;

    /// Uploads `pixels` into a new texture. `write_texture` copies the bytes into wgpu's staging
    /// memory before returning: this is the only copy of a frame on its way to the GPU.
    pub fn upload(device: &wgpu::Device, queue: &wgpu::Queue, pixels: PixelsRef<'_>) -> Self {
        let photo = Self::empty(device, pixels.width, pixels.height);
        photo.write_rows(queue, pixels, 0..pixels.height);
        photo
    }

    /// How every compositor reads photos: bilinear, edges clamped.
    pub fn sampler(device: &wgpu::Device) -> wgpu::Sampler {
        device.create_sampler(&wgpu::SamplerDescriptor {
            label: Some("photo"),
            address_mode_u: wgpu::AddressMode::ClampToEdge,
            address_mode_v: wgpu::AddressMode::ClampToEdge,
            mag_filter: wgpu::FilterMode::Linear,
            min_filter: wgpu::FilterMode::Linear,
            ..Default::default()
        })
    }

    /// A texture to fill with [`PhotoTexture::write_rows`], a stripe at a time.
    pub fn empty(device: &wgpu::Device, width: u32, height: u32) -> Self {
        let texture = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("photo"),
            size: wgpu::Extent3d {
                width,
                height,
                depth_or_array_layers: 1,
            },
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: Self::FORMAT,
            usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
            view_formats: &[],
        });
        Self {
            view: texture.create_view(&wgpu::TextureViewDescriptor::default()),
            texture,
            width,
            height,
        }
    }

    /// Copies `rows` of `pixels` (a whole photo of this texture's size) into the texture.
    pub fn write_rows(
        &self,
        queue: &wgpu::Queue,
        pixels: PixelsRef<'_>,
        rows: std::ops::Range<u32>,
    ) {
        let rows = rows.start.min(self.height)..rows.end.min(self.height);
        if rows.is_empty() {
            return;
        }
        let offset = rows.start as u64 * pixels.stride as u64;
        queue.write_texture(
            wgpu::TexelCopyTextureInfo {
                texture: &self.texture,
                mip_level: 0,
                origin: wgpu::Origin3d {
                    x: 0,
                    y: rows.start,
                    z: 0,
                },
                aspect: wgpu::TextureAspect::All,
            },
            pixels.bytes,
            wgpu::TexelCopyBufferLayout {
                offset,
                bytes_per_row: Some(pixels.stride),
                rows_per_image: Some(rows.len() as u32),
            },
            wgpu::Extent3d {
                width: self.width,
                height: rows.len() as u32,
                depth_or_array_layers: 1,
            },
        );
    }

    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
}
