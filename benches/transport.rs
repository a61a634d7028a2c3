//! The frame handoff and the control plane, beside the physical limit.
//!
//! - `memcpy`: one plain copy of a frame, the cheapest way to move it at all.
//! - `handoff`: a worker publishes a frame already written in its slot (as the decoder does,
//!   writing straight into shared memory), the UI validates and reads it; no pixel is copied.
//! - `handoff + copy out`: the same plus one copy of the pixels out of the slot — what the GPU
//!   upload does; the handoff itself adds no copy of its own.
//! - `control round trip`: a decode request out and its reply back over ipc-channel.
//!
//! Run with `cargo bench --bench transport`.

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use framewave_protocol::{DecodeReply, DecodeRequest, Fit, FrameReady, FrameSegment};

fn frames(c: &mut Criterion) {
    for (name, w, h) in [("1920x1080", 1920u32, 1080u32), ("3840x2160", 3840, 2160)] {
        let bytes = w as usize * h as usize * 4;
        let mut group = c.benchmark_group(format!("frame {name}"));
        group.throughput(Throughput::Bytes(bytes as u64));
        let source = vec![0x5au8; bytes];
        let mut destination = vec![0u8; bytes];
        group.bench_function("memcpy", |b| {
            b.iter(|| destination.copy_from_slice(black_box(&source)))
        });

        let ui = FrameSegment::create(2, bytes as u64).unwrap();
        let worker = ui.try_clone().unwrap();
        group.bench_function("handoff", |b| {
            b.iter(|| {
                let seq = worker.begin_write(0).unwrap().finish(w, h, 1);
                let read = ui.read(0, seq).unwrap();
                black_box(read.pixels().len());
                assert!(read.still_valid());
            })
        });
        group.bench_function("handoff + copy out", |b| {
            b.iter(|| {
                let seq = worker.begin_write(0).unwrap().finish(w, h, 1);
                let read = ui.read(0, seq).unwrap();
                destination.copy_from_slice(read.pixels());
                assert!(read.still_valid());
            })
        });
        group.finish();
    }
}

fn control_round_trip(c: &mut Criterion) {
    let (to_worker, worker_inbox) = ipc_channel::ipc::channel::<DecodeRequest>().unwrap();
    let (worker_outbox, from_worker) = ipc_channel::ipc::channel::<DecodeReply>().unwrap();
    let echo = std::thread::Builder::new()
        .name("echo-worker".into())
        .spawn(move || {
            while let Ok(request) = worker_inbox.recv() {
                let ready = FrameReady {
                    request_id: request.request_id,
                    slot: request.slot,
                    seq: 2,
                };
                if worker_outbox.send(DecodeReply::Ready(ready)).is_err() {
                    return;
                }
            }
        })
        .unwrap();
    let request = DecodeRequest {
        request_id: 1,
        path: PathBuf::from("/home/someone/Pictures/2024/holiday/IMG_20240812_101500.jpg"),
        width: 1920,
        height: 1080,
        fit: Fit::Fill,
        slot: 0,
    };
    c.bench_function("control round trip", |b| {
        b.iter(|| {
            to_worker.send(request.clone()).unwrap();
            black_box(from_worker.recv().unwrap());
        })
    });
    drop(to_worker);
    echo.join().unwrap();
}

criterion_group!(benches, frames, control_round_trip);
criterion_main!(benches);
