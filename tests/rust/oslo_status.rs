// tests/rust/oslo_status.rs: the C API from Rust, with the standard
// library's FFI only (no crates). Reads the bundled Oslo data, tracks it
// against -95 % by 2030 vs 2009 and prints its status.
//
// Built and run by ctest (tests/c/run_rust.cmake):
//   rustc --edition 2021 oslo_status.rs -L native=<libdir> -l dylib=ghgtrack_c
use std::ffi::{c_char, c_double, c_int, c_uint, CStr, CString};
use std::process::exit;

#[repr(C)]
struct Inventory {
    _private: [u8; 0],
}
#[repr(C)]
struct Target {
    _private: [u8; 0],
}
#[repr(C)]
struct Tracking {
    _private: [u8; 0],
}

// Status codes and enumerations are C ints (ghgtrack.h).
const GHGTRACK_OK: c_int = 0;
const GHGTRACK_E_INPUT: c_int = 1;
const SHAPE_LINEAR: c_int = 0;
const CONVENTION_ANNUAL_SUM: c_int = 0;

extern "C" {
    fn ghgtrack_abi_version() -> c_uint;
    fn ghgtrack_last_error_message() -> *const c_char;
    fn ghgtrack_last_error_row() -> usize;
    fn ghgtrack_last_error_column() -> *const c_char;
    fn ghgtrack_inventory_read_csv(path: *const c_char, threads: c_uint, out: *mut *mut Inventory) -> c_int;
    fn ghgtrack_inventory_read_csv_text(
        text: *const c_char,
        size: usize,
        origin: *const c_char,
        out: *mut *mut Inventory,
    ) -> c_int;
    fn ghgtrack_inventory_free(inv: *mut Inventory);
    fn ghgtrack_inventory_total_in_year(
        inv: *const Inventory,
        year: c_int,
        value: *mut c_double,
        flags: *mut u8,
    ) -> c_int;
    fn ghgtrack_target_parse(
        text: *const c_char,
        base_year: c_int,
        base_from: *const Inventory,
        out: *mut *mut Target,
    ) -> c_int;
    fn ghgtrack_target_free(t: *mut Target);
    fn ghgtrack_track(
        inv: *const Inventory,
        target: *const Target,
        shape: c_int,
        convention: c_int,
        nowcast_until: c_int,
        level: c_double,
        out: *mut *mut Tracking,
    ) -> c_int;
    fn ghgtrack_tracking_free(r: *mut Tracking);
    fn ghgtrack_tracking_status(r: *const Tracking, status: *mut c_int) -> c_int;
    fn ghgtrack_tracking_state_name(status: c_int) -> *const c_char;
    fn ghgtrack_tracking_latest(r: *const Tracking, year: *mut c_int, value: *mut c_double) -> c_int;
}

fn last_error() -> String {
    unsafe { CStr::from_ptr(ghgtrack_last_error_message()) }.to_string_lossy().into_owned()
}

fn check(status: c_int, what: &str) {
    if status != GHGTRACK_OK {
        eprintln!("{what} failed ({status}): {}", last_error());
        exit(1);
    }
}

fn main() {
    let path = std::env::args().nth(1).expect("usage: oslo_status <oslo_tidy.csv>");
    println!("ghgtrack C ABI {}", unsafe { ghgtrack_abi_version() });
    let cpath = CString::new(path).unwrap();
    let mut inv: *mut Inventory = std::ptr::null_mut();
    check(unsafe { ghgtrack_inventory_read_csv(cpath.as_ptr(), 1, &mut inv) }, "read_csv");

    let mut t2009: c_double = 0.0;
    check(
        unsafe { ghgtrack_inventory_total_in_year(inv, 2009, &mut t2009, std::ptr::null_mut()) },
        "total_in_year",
    );
    // Published: Miljødirektoratet gives Oslo 1,388,245.6 t CO2e in 2009.
    if (t2009 - 1388245.6).abs() > 1e-6 {
        eprintln!("FAIL total 2009 = {t2009}, expected 1388245.6");
        exit(1);
    }

    let text = CString::new("2030:-95%").unwrap();
    let mut target: *mut Target = std::ptr::null_mut();
    check(unsafe { ghgtrack_target_parse(text.as_ptr(), 2009, inv, &mut target) }, "target_parse");
    let mut tr: *mut Tracking = std::ptr::null_mut();
    check(
        unsafe { ghgtrack_track(inv, target, SHAPE_LINEAR, CONVENTION_ANNUAL_SUM, 0, 0.95, &mut tr) },
        "track",
    );
    let mut status: c_int = -1;
    check(unsafe { ghgtrack_tracking_status(tr, &mut status) }, "tracking_status");
    let (mut year, mut latest): (c_int, c_double) = (0, 0.0);
    check(unsafe { ghgtrack_tracking_latest(tr, &mut year, &mut latest) }, "tracking_latest");
    let name = unsafe { CStr::from_ptr(ghgtrack_tracking_state_name(status)) }.to_string_lossy();
    println!("Oslo vs 2030:-95%: {name} ({year}: {latest:.1} t; 2009: {t2009:.1} t)");

    // A bad row is a status with its row and column, not a panic or abort.
    let bad = b"year,sector,source,gas,value\n2009,T,Cars,CO2,abc\n";
    let origin = CString::new("bad.csv").unwrap();
    let mut inv2: *mut Inventory = std::ptr::null_mut();
    let s = unsafe { ghgtrack_inventory_read_csv_text(bad.as_ptr() as *const c_char, bad.len(), origin.as_ptr(), &mut inv2) };
    let column = unsafe { CStr::from_ptr(ghgtrack_last_error_column()) }.to_string_lossy().into_owned();
    let row = unsafe { ghgtrack_last_error_row() };
    if s != GHGTRACK_E_INPUT || row != 2 || column != "value" || !inv2.is_null() {
        eprintln!("FAIL bad input: status {s}, row {row}, column {column}");
        exit(1);
    }
    println!("bad input reported: {}", last_error());

    unsafe {
        ghgtrack_tracking_free(tr);
        ghgtrack_target_free(target);
        ghgtrack_inventory_free(inv);
    }
    println!("rust ok");
}
