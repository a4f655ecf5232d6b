package io.triple.spring.boot;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinitionHolder;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.DependencyDescriptor;
import org.springframework.beans.factory.support.AutowireCandidateResolver;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.core.MethodParameter;

/**
 * Resolves constructor parameters annotated {@link TripleReference}: wraps the bean factory's
 * autowire candidate resolver so that such a parameter's "suggested value" is the client or
 * proxy, everything else going to Spring's resolver as before.
 */
final class ReferenceParameterResolver implements BeanFactoryPostProcessor {
  private final ObjectProvider<TripleReferenceInjector> injector;

  ReferenceParameterResolver(ObjectProvider<TripleReferenceInjector> injector) {
    this.injector = injector;
  }

  @Override
  public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) throws BeansException {
    if (beanFactory instanceof DefaultListableBeanFactory dlbf
        && !(dlbf.getAutowireCandidateResolver() instanceof Wrapper)) {
      dlbf.setAutowireCandidateResolver(new Wrapper(dlbf.getAutowireCandidateResolver(), injector));
    }
  }

  private record Wrapper(AutowireCandidateResolver delegate, ObjectProvider<TripleReferenceInjector> injector)
      implements AutowireCandidateResolver {

    @Override
    public Object getSuggestedValue(DependencyDescriptor descriptor) {
      MethodParameter p = descriptor.getMethodParameter();
      TripleReference a = p == null ? null : p.getParameterAnnotation(TripleReference.class);
      if (a != null) {
        return injector.getObject().resolve(AnnotatedReferences.Site.of(p), a);
      }
      return delegate.getSuggestedValue(descriptor);
    }

    @Override
    public boolean isAutowireCandidate(BeanDefinitionHolder bdHolder, DependencyDescriptor descriptor) {
      return delegate.isAutowireCandidate(bdHolder, descriptor);
    }

    @Override
    public String getSuggestedName(DependencyDescriptor descriptor) {
      return delegate.getSuggestedName(descriptor);
    }

    @Override
    public boolean isRequired(DependencyDescriptor descriptor) {
      return delegate.isRequired(descriptor);
    }

    @Override
    public boolean hasQualifier(DependencyDescriptor descriptor) {
      return delegate.hasQualifier(descriptor);
    }

    @Override
    public Object getLazyResolutionProxyIfNecessary(DependencyDescriptor descriptor, String beanName) {
      return delegate.getLazyResolutionProxyIfNecessary(descriptor, beanName);
    }

    @Override
    public Class<?> getLazyResolutionProxyClass(DependencyDescriptor descriptor, String beanName) {
      return delegate.getLazyResolutionProxyClass(descriptor, beanName);
    }

    @Override
    public AutowireCandidateResolver cloneIfNecessary() {
      return new Wrapper(delegate.cloneIfNecessary(), injector);
    }
  }

}
