//! The frame segment's seqlock and validation, in one process.

use framewave_protocol::{FrameSegment, SegmentError};

#[test]
fn a_finished_frame_reads_back_under_its_sequence() {
    let segment = FrameSegment::create(2, 4 * 4 * 4).unwrap();
    let mut write = segment.begin_write(1).unwrap();
    write.pixels()[..64].copy_from_slice(&[9; 64]);
    let seq = write.finish(4, 4, 42);
    assert_eq!(seq % 2, 0, "stable sequences are even");
    let read = segment.read(1, seq).unwrap();
    assert_eq!(read.frame().request_id, 42);
    assert_eq!(read.pixels(), &[9; 64][..]);
    assert!(read.still_valid());
}

#[test]
fn a_rewrite_during_a_read_is_detected_as_torn() {
    let segment = FrameSegment::create(1, 64).unwrap();
    let seq = segment.begin_write(0).unwrap().finish(4, 4, 1);
    let read = segment.read(0, seq).unwrap();
    assert!(read.still_valid());
    // A writer enters the slot while the read is outstanding.
    let writer = segment.begin_write(0).unwrap();
    assert!(!read.still_valid());
    drop(writer);
    assert!(
        !read.still_valid(),
        "the sequence moved on: the read stays torn"
    );
}

#[test]
fn a_slot_being_written_or_rewritten_is_not_read() {
    let segment = FrameSegment::create(1, 64).unwrap();
    let old = segment.begin_write(0).unwrap().finish(4, 4, 1);
    let writer = segment.begin_write(0).unwrap();
    assert!(matches!(segment.read(0, old), Err(SegmentError::Busy(0))));
    assert!(
        matches!(segment.begin_write(0), Err(SegmentError::Busy(0))),
        "one writer at a time"
    );
    drop(writer);
    assert!(matches!(
        segment.read(0, old),
        Err(SegmentError::Stale { .. })
    ));
}

#[test]
fn an_abandoned_write_never_passes_as_a_frame() {
    let segment = FrameSegment::create(1, 64).unwrap();
    let writer = segment.begin_write(0).unwrap();
    drop(writer); // e.g. the decode failed half-way
    // Whatever sequence it ended on, the descriptor it left is rejected.
    for seq in 0..4 {
        assert!(segment.read(0, seq).is_err());
    }
}

#[test]
fn a_descriptor_that_overflows_its_slot_is_rejected_before_reading() {
    let segment = FrameSegment::create(1, 4096).unwrap();
    let seq = segment.begin_write(0).unwrap().finish(1000, 1000, 1);
    assert!(matches!(
        segment.read(0, seq),
        Err(SegmentError::Descriptor { .. })
    ));
}

#[test]
fn out_of_range_slots_and_geometries_are_refused() {
    assert!(FrameSegment::create(0, 64).is_err());
    assert!(FrameSegment::create(1000, 64).is_err());
    let segment = FrameSegment::create(2, 64).unwrap();
    assert!(matches!(
        segment.begin_write(2),
        Err(SegmentError::NoSuchSlot { .. })
    ));
    assert!(matches!(
        segment.read(5, 0),
        Err(SegmentError::NoSuchSlot { .. })
    ));
}

#[test]
fn attaching_something_that_is_not_a_segment_fails_cleanly() {
    // A descriptor number that is not open, and stdin: neither is a sealed memfd.
    assert!(FrameSegment::attach_inherited(987_654).is_err());
    assert!(FrameSegment::attach_inherited(0).is_err());
}
