//! Every vocabulary term kgraph writes, in one place.
//!
//! Namespaces are listed in [`PREFIXES`], which both the query command (predeclared
//! prefixes) and the Turtle/TriG/RDF-XML writers use.

use oxigraph::model::NamedNodeRef;

/// The namespace of kgraph's own ontology.
pub const KGO: &str = "http://example.org/kgraph/ontology#";

/// The default base IRI under which documents and entities are minted.
pub const DEFAULT_BASE: &str = "http://example.org/kgraph/";

/// Well-known prefixes: `(prefix, namespace)`.
pub const PREFIXES: &[(&str, &str)] = &[
    ("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#"),
    ("rdfs", "http://www.w3.org/2000/01/rdf-schema#"),
    ("owl", "http://www.w3.org/2002/07/owl#"),
    ("xsd", "http://www.w3.org/2001/XMLSchema#"),
    ("skos", "http://www.w3.org/2004/02/skos/core#"),
    ("schema", "http://schema.org/"),
    ("prov", "http://www.w3.org/ns/prov#"),
    (
        "nif",
        "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#",
    ),
    ("itsrdf", "http://www.w3.org/2005/11/its/rdf#"),
    ("dcterms", "http://purl.org/dc/terms/"),
    ("wd", "http://www.wikidata.org/entity/"),
    ("wdt", "http://www.wikidata.org/prop/direct/"),
    ("kgo", KGO),
];

macro_rules! terms {
    ($namespace:literal; $($(#[$doc:meta])* $name:ident = $local:literal;)*) => {
        $(
            $(#[$doc])*
            pub const $name: NamedNodeRef<'static> =
                NamedNodeRef::new_unchecked(concat!($namespace, $local));
        )*
    };
}

/// RDF and RDFS.
pub mod rdf {
    use super::*;
    terms! { "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
        /// `rdf:type`.
        TYPE = "type";
        /// `rdf:Statement`, the class of reification nodes.
        STATEMENT = "Statement";
        /// `rdf:subject` of a reified statement.
        SUBJECT = "subject";
        /// `rdf:predicate` of a reified statement.
        PREDICATE = "predicate";
        /// `rdf:object` of a reified statement.
        OBJECT = "object";
    }
    terms! { "http://www.w3.org/2000/01/rdf-schema#";
        /// `rdfs:label`: an entity's canonical name.
        LABEL = "label";
        /// `rdfs:comment`.
        COMMENT = "comment";
    }
}

/// Terms from SKOS, OWL, Dublin Core and PROV.
pub mod common {
    use super::*;
    terms! { "http://www.w3.org/2004/02/skos/core#";
        /// `skos:altLabel`: every other name of an entity.
        ALT_LABEL = "altLabel";
    }
    terms! { "http://www.w3.org/2002/07/owl#";
        /// `owl:sameAs`: the entity's identifier in GeoNames or Wikidata.
        SAME_AS = "sameAs";
    }
    terms! { "http://purl.org/dc/terms/";
        /// `dcterms:source`: the path a document was read from.
        SOURCE = "source";
        /// `dcterms:title`: a document's title.
        TITLE = "title";
        /// `dcterms:identifier`: a document's id.
        IDENTIFIER = "identifier";
        /// `dcterms:format`: a document's media type.
        FORMAT = "format";
        /// `dcterms:creator`: the program that made the graph.
        CREATOR = "creator";
    }
    terms! { "http://www.w3.org/ns/prov#";
        /// `prov:wasDerivedFrom`: evidence of a statement.
        WAS_DERIVED_FROM = "wasDerivedFrom";
    }
}

/// OWL terms for describing the predicates relations use.
pub mod owl {
    use super::*;
    terms! { "http://www.w3.org/2002/07/owl#";
        /// `owl:ObjectProperty`.
        OBJECT_PROPERTY = "ObjectProperty";
        /// `owl:DatatypeProperty`.
        DATATYPE_PROPERTY = "DatatypeProperty";
        /// `owl:SymmetricProperty`.
        SYMMETRIC_PROPERTY = "SymmetricProperty";
        /// `owl:Class`.
        CLASS = "Class";
    }
}

/// schema.org classes and properties.
pub mod schema {
    use super::*;
    terms! { "http://schema.org/";
        /// `schema:Person`.
        PERSON = "Person";
        /// `schema:Organization`.
        ORGANIZATION = "Organization";
        /// `schema:Place`.
        PLACE = "Place";
        /// `schema:Legislation`.
        LEGISLATION = "Legislation";
        /// `schema:legislationDate`: the year in a law's name.
        LEGISLATION_DATE = "legislationDate";
        /// `schema:CreativeWork`: the class of documents.
        CREATIVE_WORK = "CreativeWork";
    }
}

/// NIF 2.0 core and ITS RDF: mentions and their contexts.
pub mod nif {
    use super::*;
    terms! { "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#";
        /// `nif:Context`: a whole document's text.
        CONTEXT = "Context";
        /// `nif:isString`: the whole text of a context.
        IS_STRING = "isString";
        /// `nif:Sentence`.
        SENTENCE_CLASS = "Sentence";
        /// `nif:Phrase`: a mention.
        PHRASE = "Phrase";
        /// `nif:beginIndex`: start, in Unicode code points.
        BEGIN_INDEX = "beginIndex";
        /// `nif:endIndex`: end (exclusive), in Unicode code points.
        END_INDEX = "endIndex";
        /// `nif:anchorOf`: the text of the span.
        ANCHOR_OF = "anchorOf";
        /// `nif:referenceContext`: the document a span belongs to.
        REFERENCE_CONTEXT = "referenceContext";
        /// `nif:sentence`: the sentence a mention belongs to.
        SENTENCE = "sentence";
    }
    terms! { "http://www.w3.org/2005/11/its/rdf#";
        /// `itsrdf:taIdentRef`: the entity a mention names.
        TA_IDENT_REF = "taIdentRef";
        /// `itsrdf:taClassRef`: the type of the mention.
        TA_CLASS_REF = "taClassRef";
    }
}

/// kgraph's own ontology.
pub mod kgo {
    use super::*;
    terms! { "http://example.org/kgraph/ontology#";
        /// `kgo:KnowledgeGraph`: the dataset itself.
        KNOWLEDGE_GRAPH = "KnowledgeGraph";
        /// `kgo:Document`: an input document.
        DOCUMENT = "Document";
        /// `kgo:contentHash`: BLAKE3 hash of a document's text, `blake3:<hex>`.
        CONTENT_HASH = "contentHash";
        /// `kgo:extractionKey`: fingerprint of the program version and user decisions a
        /// document was extracted with; a different key means extract again.
        EXTRACTION_KEY = "extractionKey";
        /// `kgo:mentionCount`: how many mentions name an entity (in the whole graph) or a
        /// document holds.
        MENTION_COUNT = "mentionCount";
        /// `kgo:documentCount`: in how many documents an entity is mentioned.
        DOCUMENT_COUNT = "documentCount";
        /// `kgo:characterCount`: a document's length in code points.
        CHARACTER_COUNT = "characterCount";
        /// `kgo:rule`: the rule that produced a mention, merge or relation.
        RULE = "rule";
        /// `kgo:confidence`: how sure that rule is, 0 to 1.
        CONFIDENCE = "confidence";
        /// `kgo:localEntity`: the document's own entity a mention belongs to, before
        /// cross-document merging (`<document>#entity-N`).
        LOCAL_ENTITY = "localEntity";
        /// `kgo:Merge`: a record of why two names are one entity.
        MERGE = "Merge";
        /// `kgo:merged`: links an entity to a merge record.
        MERGED = "merged";
        /// `kgo:name`: the name that joined, in a merge record.
        NAME = "name";
        /// `kgo:nameKey`: an entity's label or other name in lower case, so a lookup by
        /// name in any case is one index look-up (`?e kgo:nameKey "bukele"`).
        NAME_KEY = "nameKey";
        /// `kgo:into`: the name it joined, in a merge record.
        INTO = "into";
        /// `kgo:CoMention`: two entities named in the same sentences, summed over the
        /// corpus (in the entity graph), with `kgo:sentenceCount` and `kgo:documentCount`;
        /// only for pairs named together in two sentences or more.
        CO_MENTION = "CoMention";
        /// `kgo:Position`: a position held ("President of El Salvador"), object of `wdt:P39`.
        POSITION = "Position";
        /// `kgo:positionLabel`: the name of the position a `wdt:P39` statement states.
        POSITION_LABEL = "positionLabel";
        /// `kgo:positionJurisdiction`: the jurisdiction of that position.
        POSITION_JURISDICTION = "positionJurisdiction";
        /// `kgo:evidence`: the span of text that states a relation.
        EVIDENCE = "evidence";
        /// `kgo:coMentionedWith`: two entities named in the same sentence (a weak edge).
        CO_MENTIONED_WITH = "coMentionedWith";
        /// `kgo:sentenceCount`: how many sentences name both entities of a `kgo:CoMention`.
        SENTENCE_COUNT = "sentenceCount";
        /// `kgo:ImpliedReference`: words that name a place without being a mention of it
        /// (the demonym "Argentine" for Argentina).
        IMPLIED_REFERENCE = "ImpliedReference";
        /// `kgo:refersTo`: the entity an implied reference names.
        REFERS_TO = "refersTo";
        /// `kgo:buildRecord`: what a later build needs from a document (its entities,
        /// their names, the sentences naming them, its statements) as one `rdf:JSON`
        /// literal, so an incremental build reads one value per stored document
        /// ([`crate::build_record`]).
        BUILD_RECORD = "buildRecord";
        /// `kgo:Rule`: a recognition rule, described once in the entity graph with its
        /// name (`rdfs:label`) and the confidence it usually gives (`kgo:confidence`): a
        /// mention of the lean model states its own `kgo:confidence` only where it
        /// differs.
        RULE_CLASS = "Rule";
        /// `kgo:RelationRule`: a rule that states relations, described once in the
        /// entity graph like a `kgo:Rule`: a statement of the lean model states its own
        /// `kgo:confidence` only where it differs from the rule's.
        RELATION_RULE_CLASS = "RelationRule";
        /// `kgo:provenance`: how much provenance the document graphs keep (`"lean"`,
        /// `"full"` or `"entities"`), on the dataset node.
        PROVENANCE = "provenance";
        /// `kgo:graphModel`: the version of the quads the store's graphs are written
        /// as, on the dataset node.
        GRAPH_MODEL = "graphModel";
    }
}
