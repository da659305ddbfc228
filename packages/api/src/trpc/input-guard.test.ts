import { describe, expect, it } from 'vitest';
import { inputProblem } from './input-guard.ts';

describe('inputProblem', () => {
  it('lets through what officers and peers really send: Chinese text, rare characters, JWS, numbers', () => {
    expect(
      inputProblem({
        title: '协查拦截四名嫌疑人',
        name: '𠀋𡈽', // supplementary-plane CJK, surrogate pairs
        entries: ['eyJhbGciOiJFZERTQSJ9.eyJ2IjoxfQ.c2ln'],
        limit: 20,
        nested: [{ ok: true, none: null }],
      }),
    ).toBeUndefined();
  });

  it('names the NUL character, the lone surrogate and the infinite number, wherever they are', () => {
    expect(inputProblem({ parties: [{ name: 'a\u0000b' }] })).toBe(
      'parties[0].name contains a NUL character',
    );
    expect(inputProblem({ title: 'a\ud800' })).toBe('title contains ill-formed Unicode');
    expect(inputProblem({ 'k\udc00': 1 })).toBe('a field name in the input contains ill-formed Unicode');
    expect(inputProblem({ limit: Number.POSITIVE_INFINITY })).toBe('limit is a number out of range');
    expect(inputProblem('\u0000')).toBe('the input contains a NUL character');
  });

  it('stops at an object that refers to itself', () => {
    const looped: Record<string, unknown> = { title: 'ok' };
    looped.self = looped;
    expect(inputProblem(looped)).toBeUndefined();
  });
});
