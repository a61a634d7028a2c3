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
    pub view: wgpu::TextureView,
    pub width: u32,
    pub height: u32,
}

impl PhotoTexture {
    pub const FORMAT: wgpu::TextureFormat = wgpu::TextureFormat::Rgba8UnormSrgb;

    /// Uploads `pixels` into a new texture. `write_texture` copies the bytes into wgpu's staging
    /// memory before returning: this is the only copy of a frame on its way to the GPU.
    pub fn upload(device: &wgpu::Device, queue: &wgpu::Queue, pixels: PixelsRef<'_>) -> Self {
        let size = wgpu::Extent3d {
            width: pixels.width,
            height: pixels.height,
            depth_or_array_layers: 1,
        };
        let texture = device.create_texture(&wgpu::TextureDescriptor {
            label: Some("photo"),
            size,
            mip_level_count: 1,
            sample_count: 1,
            dimension: wgpu::TextureDimension::D2,
            format: Self::FORMAT,
            usage: wgpu::TextureUsages::TEXTURE_BINDING | wgpu::TextureUsages::COPY_DST,
            view_formats: &[],
        });
        queue.write_texture(
            texture.as_image_copy(),
            pixels.bytes,
            wgpu::TexelCopyBufferLayout {
                offset: 0,
                bytes_per_row: Some(pixels.stride),
                rows_per_image: Some(pixels.height),
            },
            size,
        );
        Self {
            view: texture.create_view(&wgpu::TextureViewDescriptor::default()),
            width: pixels.width,
            height: pixels.height,
        }
    }

    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
}
