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

/// What went wrong with a GPU, as the session's ladder tells failures apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GpuFailure {
    /// A shader, pipeline or other object was refused (validation), or the driver failed to
    /// make it (internal, out of memory): the device goes on, without whatever failed.
    Refused(String),
    /// The device is gone, and everything on it.
    Lost(String),
}

impl std::fmt::Display for GpuFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Refused(why) | Self::Lost(why) => f.write_str(why),
        }
    }
}

/// An open GPU device. Clones share the same device.
#[derive(Debug, Clone)]
pub struct Gpu {
    pub instance: wgpu::Instance,
    pub adapter: wgpu::Adapter,
    pub device: wgpu::Device,
    pub queue: wgpu::Queue,
    /// The first error no error scope caught, and the device's loss: once either is set, this
    /// GPU is not to be trusted with another frame as it was.
    refused: Arc<OnceLock<GpuFailure>>,
    lost: Arc<OnceLock<GpuFailure>>,
}

impl Gpu {
    /// Why this GPU failed, if it has, its loss first (never blocks).
    pub fn failure(&self) -> Option<&GpuFailure> {
        self.lost.get().or_else(|| self.refused.get())
    }

    /// Starts a new record of refusals, for a device that goes on after one (the session
    /// moved to a rung that no longer asks for what was refused).
    pub fn forget_refusal(&mut self) {
        self.refused = Self::record_refusals(&self.device);
    }

    /// Routes the device's uncaught errors into a new record. wgpu's default handler panics;
    /// here the show goes on and the session demotes on what was recorded.
    fn record_refusals(device: &wgpu::Device) -> Arc<OnceLock<GpuFailure>> {
        let refused = Arc::new(OnceLock::new());
        let record = Arc::clone(&refused);
        device.on_uncaptured_error(Arc::new(move |error| {
            let _ = record.set(GpuFailure::Refused(format!("GPU error: {error}")));
        }));
        refused
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
        let refused = Self::record_refusals(&device);
        let lost = Arc::new(OnceLock::new());
        let record = Arc::clone(&lost);
        device.set_device_lost_callback(move |reason, message| {
            let why = if message.is_empty() {
                format!("GPU device lost ({reason:?})")
            } else {
                format!("GPU device lost ({reason:?}): {message}")
            };
            let _ = record.set(GpuFailure::Lost(why));
        });
        Ok(Self {
            instance,
            adapter,
            device,
            queue,
            refused,
            lost,
        })
    }
}
