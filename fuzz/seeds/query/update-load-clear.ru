LOAD SILENT <http://example.org/data.ttl> ; CLEAR ALL ; DROP DEFAULT
