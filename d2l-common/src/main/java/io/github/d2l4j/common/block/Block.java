package io.github.d2l4j.common.block;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A block of our own, the book's {@code nn.Module} over SameDiff: it owns named parameters and
 * named child blocks, and {@link #forward} adds its computation to a SameDiff graph. {@link #apply}
 * runs it on an array at once, as calling a PyTorch module does.
 *
 * <p>A parameter becomes one variable per graph, named after this block instance: a block used
 * twice in one graph uses the same variable twice, so its parameters are tied and its gradient is
 * the sum of both uses, as in PyTorch.
 *
 * <p>Defined in D2L §5.1.
 */
public abstract class Block {
    private static final AtomicLong IDS = new AtomicLong();

    private final String id = getClass().getSimpleName() + "_" + IDS.incrementAndGet();
    private final Map<String, INDArray> params = new LinkedHashMap<>();
    private final Map<String, INDArray> grads = new LinkedHashMap<>();
    private final Map<String, Block> children = new LinkedHashMap<>();

    /** Adds this block's computation on {@code X} to {@code X}'s graph and returns its output. */
    public abstract SDVariable forward(SDVariable X);

    /** Runs the block on {@code X} now: a graph of its own, evaluated at once. */
    public INDArray apply(INDArray X) {
        SameDiff sd = SameDiff.create();
        return forward(sd.constant("X", X)).eval();
    }

    /** Registers a parameter; its array is the one that training and edits change in place. */
    protected final INDArray addParameter(String name, INDArray value) {
        params.put(name, value);
        return value;
    }

    /** Registers a child block under {@code name}, in order. */
    protected final <B extends Block> B addChild(String name, B block) {
        children.put(name, block);
        return block;
    }

    /** Parameter {@code name} as a variable of {@code X}'s graph, the same one for every use. */
    protected final SDVariable param(SDVariable X, String name) {
        SameDiff sd = X.getSameDiff();
        String var = id + "_" + name;
        return sd.hasVariable(var) ? sd.getVariable(var) : sd.var(var, parameter(name));
    }

    /** This block's own parameter {@code name}. */
    public final INDArray parameter(String name) {
        INDArray p = params.get(name);
        if (p == null) {
            throw new IllegalArgumentException(id + " has no parameter '" + name + "'; it has " + params.keySet());
        }
        return p;
    }

    /** The gradient of parameter {@code name} from the last {@link #backward}, or null before one. */
    public final INDArray grad(String name) {
        parameter(name);
        return grads.get(name);
    }

    /** The child blocks, in the order they were added. */
    public final Map<String, Block> children() {
        return java.util.Collections.unmodifiableMap(children);
    }

    /** The child block {@code name}, as {@code net[2]} indexes a PyTorch Sequential. */
    public final Block child(String name) {
        Block b = children.get(name);
        if (b == null) {
            throw new IllegalArgumentException(id + " has no child '" + name + "'; it has " + children.keySet());
        }
        return b;
    }

    /**
     * Every parameter of this block and its descendants, as PyTorch's {@code named_parameters()}:
     * {@code weight}, {@code 0.weight}, {@code 0.1.bias}, depth first in the order added. A
     * parameter reached twice (a block used twice) is listed once, under its first name.
     */
    public final Map<String, INDArray> namedParameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        collect("", out, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
        return out;
    }

    /** The number of parameters, the book's {@code sum(p.numel() for p in net.parameters())}. */
    public final long numParams() {
        return namedParameters().values().stream().mapToLong(INDArray::length).sum();
    }

    private void collect(String prefix, Map<String, INDArray> out, Set<INDArray> seen) {
        params.forEach((name, p) -> {
            if (seen.add(p)) {
                out.put(prefix + name, p);
            }
        });
        children.forEach((name, child) -> child.collect(prefix + name + ".", out, seen));
    }

    /**
     * The book's {@code loss(net(X)).sum().backward()}: the gradient of the summed {@code loss}
     * with respect to every parameter of this block and its descendants, kept in each block (see
     * {@link #grad}). SameDiff builds a graph for the call; nothing accumulates across calls.
     */
    public final void backward(INDArray X, UnaryOperator<SDVariable> loss) {
        SameDiff sd = SameDiff.create();
        SDVariable total = loss.apply(forward(sd.constant("X", X))).sum("loss");
        sd.setLossVariables(total);
        List<Block> blocks = new ArrayList<>();
        descendants(blocks);
        List<String> vars = new ArrayList<>();
        for (Block b : blocks) {
            b.params.keySet().stream()
                    .map(n -> b.id + "_" + n)
                    .filter(sd::hasVariable)
                    .forEach(vars::add);
        }
        Map<String, INDArray> g = sd.calculateGradients(Map.of(), vars.toArray(String[]::new));
        for (Block b : blocks) {
            b.grads.clear();
            b.params.keySet().forEach(n -> {
                if (g.containsKey(b.id + "_" + n)) {
                    b.grads.put(n, g.get(b.id + "_" + n));
                }
            });
        }
    }

    private void descendants(List<Block> out) {
        if (out.stream().noneMatch(b -> b == this)) {
            out.add(this);
            children.values().forEach(c -> c.descendants(out));
        }
    }

    /** One line for this block, such as {@code Linear(in_features=4, out_features=8)}. */
    protected String describe() {
        return getClass().getSimpleName() + "()";
    }

    /** The block as a tree, as printing a PyTorch module shows it. */
    @Override
    public String toString() {
        if (children.isEmpty()) {
            return describe();
        }
        StringBuilder sb = new StringBuilder(getClass().getSimpleName()).append("(\n");
        children.forEach((name, child) -> sb.append("  (")
                .append(name)
                .append("): ")
                .append(child.toString().replace("\n", "\n  "))
                .append('\n'));
        return sb.append(')').toString();
    }
}
