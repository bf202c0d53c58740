// Package claimsfile reads and writes the claims file of a programme: a
// CSV file (or JSON Lines, one object a row, or an Excel workbook's first
// sheet, read as its rows in CSV) with one row a report, its
// claimant's fields repeated on each of the claimant's rows. The README's
// "Claims file schema" lists the columns; a programme adds one for each
// attribute and base it declares (Schema).
//
// Read is the one way in. It opens the source once, tells its encoding
// (UTF-8, or CP949 and UTF-16 as Korean Excel saves them, decoded into a
// temporary file) and its format, and hands on each claimant's rows, in
// the order the claimants first appear, as a Group; Schema.Claim parses
// a Group into a programme.Claim, and is safe to call on many goroutines
// at once, so that the parsing can be spread over every core while Read
// goes on reading. A line that is not a row (too long, not UTF-8, its
// quotes or field count wrong, a report ID already seen) is a bad row,
// handed on with its line number and reason; the rest still run.
//
// Writer writes claims as a file that Read reads back as the same claims.
//
// # Where the performance is
//
// A claimant's rows may be anywhere in a file, so a claim is whole only
// at its last row. Read on a regular file makes a first pass that hashes
// each row's claimant and report IDs (count.go), so that the second pass
// holds only the claimants with rows still to come, and a claimant of one
// row (most of them) is handed on at once, with no look-up. The first
// pass is the machinery:
//
//   - a CSV file of a megabyte or more is read in two halves at once, one
//     a core, split at the first line end past the middle (no field holds
//     a line break, so every line is a row);
//   - the (hash, line) pairs are kept in 256 buckets by the hash's top
//     byte, and counted bucket by bucket into an open-addressing table
//     (lineTable) whose slot is also found by the top bits, so that each
//     bucket meets one cached stretch of it; half the buckets on each
//     core;
//   - a line without a quote is split at its separators with views of the
//     read buffer (unsafe.String) where only the ID fields are wanted,
//     nothing copied.
//
// Each piece has a plain reference it is tested and fuzzed against: the
// halves against one stream (TestFirstPassInHalvesCountsAsOneStream), the
// table and buckets against maps (FuzzFirstPassAgreesWithMaps), the
// splitter against encoding/csv line by line (FuzzScanCSV).
//
// Read changes no setting of the process; Options.BetweenPasses lets a
// command give the first pass's memory back between the passes.
package claimsfile
