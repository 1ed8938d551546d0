package gtach.provisioning.update.internal;

import aQute.bnd.classfile.ConstantPool;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What the classes of a consumer's JAR refer to, read from their constant pools with bnd's class file reader:
 * the classes named, the methods and fields referred to (Methodref, InterfaceMethodref, Fieldref), and the
 * classes and interfaces each class extends or implements. Enough to tell whether the consumer uses a member
 * that a provider's update removes. Immutable.
 */
final class ClassReferences {

    private static final int CLASS_MAGIC = 0xCAFEBABE;

    /** Binary names with slashes. */
    private final Set<String> classes = new HashSet<>();
    /** Each {@code owner name(parameters)} for methods, {@code owner name} for fields, parameters as bnd writes them. */
    private final Set<String> members = new HashSet<>();
    private final Set<String> supertypes = new HashSet<>();
    /** Type descriptors and signatures, where a class may be named without a constant of its own. */
    private final Set<String> descriptors = new HashSet<>();

    private ClassReferences() {
    }

    /**
     * Reads every class of the JAR (not those of JARs on its Bundle-ClassPath).
     *
     * @throws IOException when the JAR or a class file in it cannot be read
     */
    static ClassReferences of(Path jar) throws IOException {
        ClassReferences references = new ClassReferences();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                ZipEntry entry = entries.nextElement();
                if (entry.getName().endsWith(".class") && !entry.isDirectory()) {
                    try (InputStream in = zip.getInputStream(entry)) {
                        references.read(new DataInputStream(new BufferedInputStream(in)));
                    }
                }
            }
        }
        return references;
    }

    private void read(DataInputStream in) throws IOException {
        if (in.readInt() != CLASS_MAGIC) {
            return;
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        ConstantPool pool = ConstantPool.read(in);
        for (int i = 1; i < pool.size(); i++) {
            Object entry = pool.entry(i);
            if (entry instanceof ConstantPool.ClassInfo) {
                classes.add(pool.className(i));
            } else if (entry instanceof ConstantPool.AbstractRefInfo ref) {
                ConstantPool.NameAndTypeInfo nameAndType = pool.entry(ref.name_and_type_index);
                String owner = pool.className(ref.class_index);
                String name = pool.utf8(nameAndType.name_index);
                String descriptor = pool.utf8(nameAndType.descriptor_index);
                members.add(entry instanceof ConstantPool.FieldrefInfo ? owner + " " + name
                        : owner + " " + name + parameters(descriptor));
            } else if (entry instanceof String text && text.indexOf('L') >= 0 && text.indexOf(';') > 0) {
                descriptors.add(text);
            }
        }
        in.readUnsignedShort();
        in.readUnsignedShort();
        int superClass = in.readUnsignedShort();
        if (superClass != 0) {
            supertypes.add(pool.className(superClass));
        }
        int interfaces = in.readUnsignedShort();
        for (int i = 0; i < interfaces; i++) {
            supertypes.add(pool.className(in.readUnsignedShort()));
        }
    }

    /** Whether a class of the consumer names the class at all. */
    boolean refersTo(String className) {
        String internal = className.replace('.', '/');
        if (classes.contains(internal)) {
            return true;
        }
        String inDescriptor = "L" + internal;
        for (String d : descriptors) {
            int at = d.indexOf(inDescriptor);
            if (at >= 0 && at + inDescriptor.length() < d.length()
                    && (d.charAt(at + inDescriptor.length()) == ';' || d.charAt(at + inDescriptor.length()) == '<')) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a class of the consumer refers to the member of the class.
     *
     * @param member a method as bnd names it ({@code set(int,java.lang.String)}) or a field's name
     */
    boolean uses(String className, String member) {
        String owner = className.replace('.', '/');
        return members.contains(owner + " " + member);
    }

    /** Whether a class of the consumer extends or implements the class. */
    boolean extendsOrImplements(String className) {
        return supertypes.contains(className.replace('.', '/'));
    }

    /** A method descriptor's parameters as bnd's API tree writes them: {@code (int,java.lang.String[])}. */
    static String parameters(String descriptor) {
        StringBuilder text = new StringBuilder("(");
        int i = 1;
        String separator = "";
        while (i < descriptor.length() && descriptor.charAt(i) != ')') {
            int dimensions = 0;
            while (descriptor.charAt(i) == '[') {
                dimensions++;
                i++;
            }
            String type;
            char c = descriptor.charAt(i);
            if (c == 'L') {
                int end = descriptor.indexOf(';', i);
                type = descriptor.substring(i + 1, end).replace('/', '.');
                i = end + 1;
            } else {
                type = PRIMITIVES.get("BCDFIJSZ".indexOf(c));
                i++;
            }
            text.append(separator).append(type).append("[]".repeat(dimensions));
            separator = ",";
        }
        return text.append(')').toString();
    }

    private static final List<String> PRIMITIVES = List.of("byte", "char", "double", "float", "int", "long", "short",
            "boolean");
}
