package gtach.provisioning.update.internal;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A method descriptor's parameters in the form bnd's API tree names methods by. */
class ClassReferencesTest {

    @Test
    void parametersAreWrittenAsBndNamesMethods() {
        assertThat(ClassReferences.parameters("()I")).isEqualTo("()");
        assertThat(ClassReferences.parameters("(ILjava/lang/String;[J[[Lgtach/tach/Outer$Inner;Z)V"))
                .isEqualTo("(int,java.lang.String,long[],gtach.tach.Outer$Inner[][],boolean)");
    }
}
