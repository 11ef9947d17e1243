"""The Presidency's pages, one module per sub-domain (`representation`, `cooperation`,
`admission`, `guidelines`) and the overview."""
