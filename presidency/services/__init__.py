"""The Presidency's write services, one module per sub-domain: `representation`,
`cooperation`, `admission`, `guidelines`; `agenda` places the records that go before the
Plenary on its agendas."""
