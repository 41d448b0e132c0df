package org.gerenb.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Keys and values of every layer for the tokens decoded so far, so each new token attends to the past
 * without recomputing it. Arrays outlive the per-step scope; replaced ones are closed at once.
 */
public final class KvCache implements AutoCloseable {

    private final NDArray[] keys;
    private final NDArray[] values;
    private NDArray keyMask;

    public KvCache(int layers) {
        keys = new NDArray[layers];
        values = new NDArray[layers];
    }

    /**
     * The rows of several caches in one, in order, each padded to the longest with masked keys (zeros, mask 0),
     * which attention gives no weight; the parts stay open for their owners to close.
     */
    static KvCache concat(List<KvCache> parts) {
        long longest = parts.stream().mapToLong(KvCache::length).max().orElseThrow();
        KvCache all = new KvCache(parts.get(0).keys.length);
        try (NDScope ignored = new NDScope()) { // the padded copies go with it; the results are kept
            for (int layer = 0; layer < all.keys.length; layer++) {
                int l = layer;
                all.keys[layer] = kept(concat(parts.stream().map(c -> padded(c.keys[l], longest, 2)).toList(), 0));
                all.values[layer] = kept(concat(parts.stream().map(c -> padded(c.values[l], longest, 2)).toList(), 0));
            }
            all.keyMask = kept(concat(parts.stream().map(c -> padded(c.keyMask, longest, 1)).toList(), 0));
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
        return all;
    }

    private static NDArray concat(List<NDArray> arrays, int axis) {
        return NDArrays.concat(new NDList(arrays), axis);
    }

    /** x with zeros appended along {@code axis} up to {@code length}. */
    private static NDArray padded(NDArray x, long length, int axis) {
        long missing = length - x.getShape().get(axis);
        if (missing == 0) {
            return x;
        }
        long[] shape = x.getShape().getShape().clone();
        shape[axis] = missing;
        return concat(List.of(x, x.getManager().zeros(new Shape(shape), x.getDataType())), axis);
    }

    private static NDArray kept(NDArray array) {
        keep(array);
        return array;
    }

    /** Number of positions already cached. */
    public long length() {
        return keys[0] == null ? 0 : keys[0].getShape().get(2);
    }

    /** Extends the padding mask of the cached keys by the new tokens' mask; returns the full mask. */
    NDArray extendMask(NDArray newMask) {
        NDArray full = keyMask == null ? newMask.duplicate() : NDArrays.concat(new NDList(keyMask, newMask), 1);
        keep(full);
        close(keyMask);
        keyMask = full;
        return full;
    }

    NDArray[] append(int layer, NDArray key, NDArray value) {
        NDArray k = keys[layer] == null ? key : NDArrays.concat(new NDList(keys[layer], key), 2);
        NDArray v = values[layer] == null ? value : NDArrays.concat(new NDList(values[layer], value), 2);
        keep(k);
        keep(v);
        if (keys[layer] != null) {
            close(keys[layer]);
            close(values[layer]);
        }
        keys[layer] = k;
        values[layer] = v;
        return new NDArray[] {k, v};
    }

    private static void keep(NDArray array) {
        NDScope.unregister(array);
    }

    private static void close(NDArray array) {
        if (array != null) {
            array.close();
        }
    }

    @Override
    public void close() {
        for (int i = 0; i < keys.length; i++) {
            close(keys[i]);
            close(values[i]);
        }
        close(keyMask);
    }
}
