package com.seqtag.store;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/** Records kept in this process only: for a service with no store, where there is no one to share with. */
final class InMemoryRecords implements SharedRecords {

    private final Map<String, byte[]> records = new ConcurrentSkipListMap<>();

    @Override
    public void write(String name, byte[] content) {
        records.put(SharedRecords.checkName(name), content.clone());
    }

    @Override
    public Optional<byte[]> read(String name) {
        return Optional.ofNullable(records.get(SharedRecords.checkName(name))).map(byte[]::clone);
    }

    @Override
    public List<String> list(String folder) {
        String prefix = SharedRecords.checkFolder(folder) + "/";
        return records.keySet().stream().filter(name -> name.startsWith(prefix)).toList();
    }

    @Override
    public void delete(String name) {
        records.remove(SharedRecords.checkName(name));
    }
}
