//! Getting a GPU: instance, adapter, device and queue, for a window or for offscreen work.

use std::sync::{Arc, OnceLock};

use winit::window::Window;

#[derive(Debug, thiserror::Error)]
pub enum GpuError {
    #[error("cannot create a surface for the window: {0}")]
    Surface(#[from] wgpu::CreateSurfaceError),
    #[error("no GPU adapter: {0}")]
    Adapter(#[from] wgpu::RequestAdapterError),
    #[error("cannot open the GPU device: {0}")]
    Device(#[from] wgpu::RequestDeviceError),
    #[error("the window surface supports no format this renderer can draw to")]
    NoSurfaceFormat,
    #[error("no GPU adapter (injected fault)")]
    Injected,
}

/// An open GPU device. Clones share the same device.
#[derive(Debug, Clone)]
pub struct Gpu {
    pub instance: wgpu::Instance,
    pub adapter: wgpu::Adapter,
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    /// The first error no error scope caught, or the device's loss: once set, this GPU is not
    /// to be trusted with another frame.
    failure: Arc<OnceLock<String>>,
}

impl Gpu {
    /// Why this GPU failed, if it has (never blocks).
    pub fn failure(&self) -> Option<&str> {
        self.failure.get().map(String::as_str)
    }

    /// A device with no window, for offscreen rendering and tests. Honours `WGPU_BACKEND` and
    /// friends so a test or a user can pick the adapter.
    pub fn headless() -> Result<Self, GpuError> {
        let instance =
            wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
        pollster::block_on(Self::open(instance, None))
    }

    /// A device able to present to `window`, with the window's surface. Surface creation and
    /// adapter choice are one fallible step: an adapter that cannot present is no adapter.
    pub fn for_window(
        window: Arc<Window>,
        display: winit::event_loop::OwnedDisplayHandle,
    ) -> Result<(Self, wgpu::Surface<'static>), GpuError> {
        let instance = wgpu::Instance::new(
            wgpu::InstanceDescriptor::new_with_display_handle_from_env(Box::new(display)),
        );
        let surface = instance.create_surface(window)?;
        let gpu = pollster::block_on(Self::open(instance, Some(&surface)))?;
        Ok((gpu, surface))
    }

    async fn open(
        instance: wgpu::Instance,
        surface: Option<&wgpu::Surface<'_>>,
    ) -> Result<Self, GpuError> {
        let adapter = instance
            .request_adapter(&wgpu::RequestAdapterOptions {
                power_preference: wgpu::PowerPreference::LowPower,
                force_fallback_adapter: false,
                compatible_surface: surface,
                apply_limit_buckets: false,
            })
            .await?;
        let info = adapter.get_info();
        tracing::info!(adapter = %info.name, backend = ?info.backend, kind = ?info.device_type, "GPU adapter");
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("framewave"),
                // Photos up to 8K need the downlevel defaults' texture size, nothing more exotic.
                required_limits: wgpu::Limits::downlevel_webgl2_defaults()
                    .using_resolution(adapter.limits()),
                ..Default::default()
            })
            .await?;
        // wgpu's default handler panics; here an uncaught error is recorded for the session to
        // demote on, and the show goes on.
        let failure = Arc::new(OnceLock::new());
        let uncaught = Arc::clone(&failure);
        device.on_uncaptured_error(Arc::new(move |error| {
            let _ = uncaught.set(format!("GPU error: {error}"));
        }));
        let lost = Arc::clone(&failure);
        device.set_device_lost_callback(move |reason, message| {
            let _ = lost.set(format!("GPU device lost ({reason:?}): {message}"));
        });
        Ok(Self {
            instance,
            adapter,
            device,
            queue,
            failure,
        })
    }
}
