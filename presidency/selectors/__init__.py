"""The Presidency's read side, one module per sub-domain: `representation`, `cooperation`,
`admission`, `guidelines`, `agenda` (the next plenary of an entry), `home` (home tasks)."""
