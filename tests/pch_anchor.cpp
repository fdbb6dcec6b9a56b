// The translation unit that owns the test suites' precompiled header (tests/CMakeLists.txt);
// it has no code of its own.
