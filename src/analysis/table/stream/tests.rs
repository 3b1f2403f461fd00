//! Tests of reading in blocks against reading whole.
