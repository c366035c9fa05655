package com.seqtag.store;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Records as objects under the store's prefix ({@code <prefix><folder>/<name>}), each written by one
 * PUT. Requests go through the store's client, so they are counted and a server that cannot be
 * reached becomes {@link ModelStoreUnavailableException} as for versions.
 */
final class S3Records implements SharedRecords {

    private final S3ModelStore store;

    S3Records(S3ModelStore store) {
        this.store = store;
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        String key = store.key(SharedRecords.checkName(name));
        try {
            store.call(() -> store.client().putObject(b -> b.bucket(store.settings().bucket()).key(key)
                    .contentType("application/json"), RequestBody.fromBytes(content)));
        } catch (S3Exception e) {
            throw store.refused("write " + name, e);
        }
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        String key = store.key(SharedRecords.checkName(name));
        try {
            return Optional.of(store.call(() -> store.client()
                    .getObjectAsBytes(b -> b.bucket(store.settings().bucket()).key(key))).asByteArray());
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw store.refused("read " + name, e);
        }
    }

    @Override
    public List<String> list(String folder) throws IOException {
        String folderKey = store.key(SharedRecords.checkFolder(folder) + "/");
        List<String> names = new ArrayList<>();
        String token = null;
        try {
            do {
                ListObjectsV2Request.Builder request = ListObjectsV2Request.builder()
                        .bucket(store.settings().bucket()).prefix(folderKey);
                if (token != null) {
                    request.continuationToken(token);
                }
                ListObjectsV2Response page = store.call(() -> store.client().listObjectsV2(request.build()));
                for (S3Object object : page.contents()) {
                    String name = folder + "/" + object.key().substring(folderKey.length());
                    if (SharedRecords.NAME.matcher(name).matches()) {
                        names.add(name);
                    }
                }
                token = Boolean.TRUE.equals(page.isTruncated()) ? page.nextContinuationToken() : null;
            } while (token != null);
        } catch (S3Exception e) {
            throw store.refused("list " + folder, e);
        }
        return names;
    }

    @Override
    public void delete(String name) throws IOException {
        String key = store.key(SharedRecords.checkName(name));
        try {
            store.call(() -> store.client().deleteObject(b -> b.bucket(store.settings().bucket()).key(key)));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw store.refused("delete " + name, e);
            }
        }
    }
}
